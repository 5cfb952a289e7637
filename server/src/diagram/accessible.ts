// What a screen reader says for a component of the drawing: its kind, name
// (and title), what the box shows (technology, instances) and its findings.
// The SVG carries it as the node's aria-label; browser-safe.
import type { DiagramNode } from './types';

export interface FindingsSummary {
  messages: readonly string[];
}

const SEVERITIES = ['error', 'warning', 'info'] as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2 findings: 1 error, 1 warning`, from badge messages of the form `severity: text`. */
export function findingsText(messages: readonly string[]): string {
  const counts = SEVERITIES.map((s) => [s, messages.filter((m) => m.startsWith(`${s}:`)).length] as const).filter(([, n]) => n > 0);
  const detail = counts.map(([s, n]) => plural(n, s)).join(', ');
  return `${plural(messages.length, 'finding')}${detail ? `: ${detail}` : ''}`;
}

export function accessibleName(node: Pick<DiagramNode, 'kind' | 'label' | 'title' | 'subtitle' | 'stack'>, badge?: FindingsSummary): string {
  const name = node.title && node.title !== node.label ? `${node.title} (${node.label})` : node.label;
  const parts = [`${node.kind} ${name}`];
  if (node.subtitle) parts.push(node.subtitle);
  if (node.stack?.label) parts.push(node.stack.label);
  if (badge && badge.messages.length > 0) parts.push(findingsText(badge.messages));
  return parts.join(', ');
}
