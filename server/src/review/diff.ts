// `sysdesign diff OLD NEW`: what changed between two versions of a design,
// as the stable JSON of docs/diff.md:
//
//   { components: { added, removed, changed },
//     findings: { added, removed },
//     systems: { NAME: { before, after } } }
//
// Components are matched by system and name; findings by rule id, system and
// component (a finding that only moved is no change); each system's figures
// come from its estimate (null on the side where the system is absent or
// cannot be estimated).
import type { Analysis } from '../analyze';
import { namedRecord } from '../records';
import { diffComponents, type ComponentDiff } from './components';
import { systemFigures, type SystemFigures } from './figures';
import { findingKey, findingsOf, type Finding } from './findings';

export interface DesignDiff {
  components: ComponentDiff;
  findings: { added: Finding[]; removed: Finding[] };
  systems: Record<string, { before: SystemFigures | null; after: SystemFigures | null }>;
}

/** The findings of `a` not matched by one of `b` (as many times as they occur). */
function unmatched(a: Finding[], b: Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const f of b) left.set(findingKey(f), (left.get(findingKey(f)) ?? 0) + 1);
  return a.filter((f) => {
    const n = left.get(findingKey(f)) ?? 0;
    if (n === 0) return true;
    left.set(findingKey(f), n - 1);
    return false;
  });
}

export function diffDesigns(before: Analysis, after: Analysis): DesignDiff {
  const oldFindings = findingsOf(before);
  const newFindings = findingsOf(after);
  const systems = namedRecord<DesignDiff['systems'][string]>();
  for (const name of new Set([...before.systems, ...after.systems].map((s) => s.name))) {
    const a = before.systems.find((s) => s.name === name);
    const b = after.systems.find((s) => s.name === name);
    systems[name] = { before: a ? systemFigures(before, a) : null, after: b ? systemFigures(after, b) : null };
  }
  return {
    components: diffComponents(before, after),
    findings: { added: unmatched(newFindings, oldFindings), removed: unmatched(oldFindings, newFindings) },
    systems,
  };
}
