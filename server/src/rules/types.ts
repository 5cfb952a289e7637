// What a design rule is: one module exporting `{ id, severity, summary, docs,
// check }`, listed once in the registry (registry.ts).
import type { Span } from '../syntax/ast';
import type { Fix, RelatedInfo, Severity } from '../diagnostics';
import type { SystemModel } from '../model/types';
import type { SystemFacts } from './facts';
import type { FixBuilder } from './fixes';

export type { Fix, TextEdit } from '../diagnostics';

export interface Finding {
  message: string;
  span: Span;
  related?: RelatedInfo[];
  fixes?: Fix[];
}

export interface RuleContext {
  system: SystemModel;
  text: string;
  facts: SystemFacts;
  fix: FixBuilder;
  report(finding: Finding): void;
}

export type RuleCategory = 'Consistency and CAP' | 'Data placement and sharding' | 'Messaging' | 'Availability and scaling' | 'Security' | 'Capacity' | 'Targets and cost' | 'Source text';

export interface RuleDocs {
  /** What the rule checks, one or two sentences. */
  checks: string;
  /** Why it matters, in the product's own words. */
  why: string;
  /** A design that fires the rule. */
  fires: string;
  /** The same design, fixed. */
  fixed: string;
}

export interface Rule {
  id: string;
  severity: Severity;
  category: RuleCategory;
  /** One line, used in hover and SARIF's shortDescription. */
  summary: string;
  /** Name of the quick fix, when the rule offers one. */
  quickFix?: string;
  docs: RuleDocs;
  check(ctx: RuleContext): void;
}
