// What changed in the components of a design between two versions: which
// were added or removed, and for the rest, which properties (compared as the
// model resolved them, so `1000ms` and `1s` are the same) and which outgoing
// connections changed. Shown as the design writes them.
import type { Analysis } from '../analyze';
import type { ComponentModel, EdgeModel, PropertyBag } from '../model/types';

export interface ComponentRef {
  system: string;
  name: string;
  kind: string;
}

export interface PropertyChange {
  property: string;
  /** The value as written (null when the version does not write it). */
  before: string | null;
  after: string | null;
}

export interface ComponentChange extends ComponentRef {
  properties: PropertyChange[];
  connections: { added: string[]; removed: string[] };
}

export interface ComponentDiff {
  added: ComponentRef[];
  removed: ComponentRef[];
  changed: ComponentChange[];
}

interface Side {
  analysis: Analysis;
  components: Map<string, { system: string; component: ComponentModel }>;
}

function sideOf(analysis: Analysis): Side {
  const components = new Map<string, { system: string; component: ComponentModel }>();
  for (const system of analysis.systems) {
    for (const component of system.components.values()) components.set(JSON.stringify([system.name, component.name]), { system: system.name, component });
  }
  return { analysis, components };
}

function written(text: string, bag: PropertyBag): Map<string, { value: string; shown: string }> {
  const out = new Map<string, { value: string; shown: string }>();
  for (const [name, resolved] of bag.entries()) {
    if (!resolved.explicit) continue;
    const span = resolved.valueSpan ?? resolved.span;
    out.set(name, { value: JSON.stringify(resolved.value) ?? 'null', shown: span ? text.slice(span.start, span.end).replace(/\s+/g, ' ').trim() : String(resolved.value) });
  }
  return out;
}

/** The header facts: kind keyword, technology, title and enclosing box. */
function header(c: ComponentModel): Map<string, string> {
  const out = new Map<string, string>([['kind', c.keyword]]);
  if (c.tech) out.set('technology', c.tech);
  if (c.title) out.set('title', JSON.stringify(c.title));
  if (c.parent) out.set('inside', c.parent.name);
  return out;
}

/** A connection as people read it: `-> cache : "reads" (on: read, async)`. */
function connectionText(text: string, e: EdgeModel): string {
  const attrs = [...written(text, e.attrs)].map(([name, v]) => (v.shown === 'true' ? name : `${name}: ${v.shown}`));
  if (e.async && !e.attrs.has('async')) attrs.push('async');
  return `-> ${e.to.name}${e.label !== undefined ? ` : ${JSON.stringify(e.label)}` : ''}${attrs.length ? ` (${attrs.join(', ')})` : ''}`;
}

function propertyChanges(before: Side, after: Side, a: ComponentModel, b: ComponentModel): PropertyChange[] {
  const out: PropertyChange[] = [];
  const ha = header(a);
  const hb = header(b);
  for (const name of new Set([...ha.keys(), ...hb.keys()])) {
    if (ha.get(name) !== hb.get(name)) out.push({ property: name, before: ha.get(name) ?? null, after: hb.get(name) ?? null });
  }
  const pa = written(before.analysis.text, a.props);
  const pb = written(after.analysis.text, b.props);
  for (const name of new Set([...pa.keys(), ...pb.keys()])) {
    const x = pa.get(name);
    const y = pb.get(name);
    if (x?.value !== y?.value) out.push({ property: name, before: x?.shown ?? null, after: y?.shown ?? null });
  }
  return out;
}

function connectionChanges(before: Side, after: Side, a: ComponentModel, b: ComponentModel): { added: string[]; removed: string[] } {
  const count = (side: Side, c: ComponentModel) => {
    const m = new Map<string, number>();
    for (const e of c.outgoing) {
      const key = connectionText(side.analysis.text, e);
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    return m;
  };
  const ca = count(before, a);
  const cb = count(after, b);
  const added: string[] = [];
  const removed: string[] = [];
  for (const [key, n] of cb) for (let i = ca.get(key) ?? 0; i < n; i++) added.push(key);
  for (const [key, n] of ca) for (let i = cb.get(key) ?? 0; i < n; i++) removed.push(key);
  return { added, removed };
}

function ref(system: string, c: ComponentModel): ComponentRef {
  return { system, name: c.name, kind: c.kind ?? c.keyword };
}

export function diffComponents(beforeAnalysis: Analysis, afterAnalysis: Analysis): ComponentDiff {
  const before = sideOf(beforeAnalysis);
  const after = sideOf(afterAnalysis);
  const out: ComponentDiff = { added: [], removed: [], changed: [] };
  for (const [key, { system, component }] of after.components) {
    const old = before.components.get(key);
    if (!old) {
      out.added.push(ref(system, component));
      continue;
    }
    const properties = propertyChanges(before, after, old.component, component);
    const connections = connectionChanges(before, after, old.component, component);
    if (properties.length || connections.added.length || connections.removed.length) out.changed.push({ ...ref(system, component), properties, connections });
  }
  for (const [key, { system, component }] of before.components) if (!after.components.has(key)) out.removed.push(ref(system, component));
  return out;
}
