// A design's findings (diagnostics with their rule id) tied to the component
// they are about, so two versions of a design can be compared by what is
// wrong where, not by line numbers: moving text around changes no finding.
import type { Analysis } from '../analyze';
import type { Diagnostic, Severity } from '../diagnostics';
import type { ComponentModel, SystemModel } from '../model/types';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** The system and component whose declaration holds the finding ('' when outside any). */
  system: string;
  component: string;
  /** 1-based line in its own file, for people. */
  line: number;
}

function contains(span: { start: number; end: number }, offset: number): boolean {
  return span.start <= offset && offset < span.end;
}

/** The innermost component (a region's child before the region) whose declaration holds `offset`. */
function componentAt(system: SystemModel, offset: number): ComponentModel | undefined {
  let best: ComponentModel | undefined;
  for (const c of system.components.values()) {
    if (contains(c.span, offset) && (!best || c.span.end - c.span.start < best.span.end - best.span.start)) best = c;
  }
  return best;
}

/** Where a diagnostic belongs: its system and component, else those of a connection it sits on. */
function ownerOf(analysis: Analysis, d: Diagnostic): { system: string; component: string } {
  const offset = d.span.start;
  const system = analysis.systems.find((s) => contains(s.span, offset));
  if (!system) return { system: '', component: '' };
  const component = componentAt(system, offset) ?? system.edges.find((e) => contains(e.span, offset))?.from;
  return { system: system.name, component: component?.name ?? '' };
}

export function findingsOf(analysis: Analysis): Finding[] {
  return analysis.diagnostics.map((d) => ({
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    ...ownerOf(analysis, d),
    line: analysis.lines.position(d.span.start).line + 1,
  }));
}

/** The identity two versions share: rule id, system and component. */
export function findingKey(f: Finding): string {
  return JSON.stringify([f.rule, f.system, f.component]);
}
