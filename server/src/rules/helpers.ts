// Small shared vocabulary for rule modules.
import type { Span } from '../syntax/ast';
import type { BlockModel, ComponentModel } from '../model/types';
import { kindSpec, technology } from '../schema/schema';
import type { PropertyName } from '../schema/property-names';
import type { FixBuilder } from './fixes';
import type { TextEdit } from './types';

/** "service `posts`", for messages. */
export function describe(c: ComponentModel): string {
  const noun = c.kind ? kindSpec(c.kind)!.noun.replace(/^an? /, '') : c.keyword;
  return `${noun} \`${c.name}\``;
}

export function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The span of a property's value if written, else of the property, else `fallback`. */
export function valueSpan(owner: { props: { get(name: PropertyName): { valueSpan?: Span } | undefined } }, name: PropertyName, fallback: Span): Span {
  return owner.props.get(name)?.valueSpan ?? fallback;
}

export function blockValueSpan(block: BlockModel | undefined, name: PropertyName, fallback: Span): Span {
  return block?.props.get(name)?.valueSpan ?? block?.decl.name.span ?? fallback;
}

export function isSharded(db: ComponentModel): boolean {
  return db.blocks.has('sharding');
}

export function databases(components: Iterable<ComponentModel>): ComponentModel[] {
  return [...components].filter((c) => c.kind === 'database');
}

/**
 * Edits that turn a component into another kind (`queue` -> `stream`),
 * dropping its technology when that technology does not offer the new kind
 * (`queue jobs: sqs` becomes `stream jobs`, not an invalid `stream jobs: sqs`).
 */
export function changeKind(c: ComponentModel, kind: string, fix: FixBuilder): TextEdit[] {
  const edits = [fix.replace(c.decl.keyword.span, kind)];
  const tech = c.tech ? technology(c.tech) : undefined;
  if (tech && c.techSpan && !tech.kinds.includes(kind)) edits.push(fix.replace({ start: c.nameSpan.end, end: c.techSpan.end }, ''));
  return edits;
}
