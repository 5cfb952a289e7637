// SystemModel -> DiagramGraph: what an engineer would draw on a whiteboard.
// Every component is a node (regions and groups as boxes around their
// children), databases show shards × copies as a stack, and each connection
// hop is an edge labelled with its label, consumer group or route. A DNS
// component is drawn as what it does, name resolution: a request that goes
// `client -> dns -> lb` is drawn `client -> lb`, with a dotted `resolves`
// edge from the client to the DNS beside it (dns-edges.ts).
import type { ComponentModel, EdgeModel, SystemModel } from '../model/types';
import type { DiagramEdge, DiagramGraph, DiagramNode, LayoutDirection } from './types';
import { databaseLayout, mostInstances, semanticModel, semanticsOf } from '../model/semantic';
import { kindSpec } from '../schema/schema';
import { estimateOrNull } from '../estimate/per-version';
import { formatRate } from '../estimate/human';
import { resolveDns } from './dns-edges';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Autoscaled capacity as people say it: `8–32` and, when the estimate knows
 * the autoscaler's steady state at peak, the count it settles on (`12 now`).
 */
function autoscaleText(c: ComponentModel, steady: number | undefined, unit = ''): string | undefined {
  const a = semanticsOf(c).capacity.autoscale;
  if (!a) return undefined;
  const range = `${a.min === a.max ? `${a.min}` : `${a.min}\u2013${a.max}`}${unit}`;
  return steady !== undefined ? `${range} · ${steady} now` : range;
}

/** The autoscaler's steady-state instance count at peak, from the system's estimate. */
type SteadyCounts = (c: ComponentModel) => number | undefined;

function steadyCounts(system: SystemModel): SteadyCounts {
  const estimate = estimateOrNull(system);
  return (c) => estimate?.byName.get(c.name)?.instancesSteady;
}

/** Technology and the properties that matter at a glance. */
export function subtitleOf(c: ComponentModel, steady: SteadyCounts = () => undefined): string | undefined {
  const parts: string[] = [];
  if (c.tech) parts.push(c.tech);
  switch (c.kind) {
    case 'database': {
      // Shard and copy counts are drawn as the stack; say how the copies behave.
      const mode = databaseLayout(c)!.writtenMode;
      if (mode !== 'none') parts.push(mode.replace('_', '-'));
      parts.push(c.props.str('consistency') ?? '');
      break;
    }
    case 'stream':
      parts.push(plural(semanticsOf(c).routing.partitions, 'partition'));
      break;
    case 'cache':
    case 'cdn': {
      const h = c.props.num('hit_ratio');
      if (h !== undefined) parts.push(`${Math.round(h * 100)}% hits`);
      break;
    }
    case 'loadbalancer': {
      const a = semanticsOf(c).routing.algorithm;
      if (a) parts.push(a.key ? `${a.name}(${a.key})` : a.name);
      break;
    }
    case 'client': {
      const rate = semanticsOf(c).routing.clientRate;
      if (rate !== undefined) parts.push(formatRate(rate));
      break;
    }
    default:
      break;
  }
  // Services, workers and caches show their instances as the stack.
  const stacked = c.kind === 'service' || c.kind === 'worker' || c.kind === 'cache';
  const capacity = semanticsOf(c).capacity;
  if (capacity.autoscale) {
    // Stacked kinds say it in the stack's label.
    if (!stacked) parts.push(`autoscale ${autoscaleText(c, steady(c))}`);
  } else if (!stacked && c.kind !== 'database' && capacity.fixed > 1) parts.push(`×${capacity.fixed}`);
  const text = parts.filter(Boolean).join(' · ');
  return text || undefined;
}

function stackOf(c: ComponentModel, steady: SteadyCounts): DiagramNode['stack'] {
  if (c.kind === 'database') {
    const { shards, copies } = databaseLayout(c)!;
    if (shards * copies <= 1) return undefined;
    const label = shards > 1 ? `${plural(shards, 'shard')} × ${copies}` : `${plural(copies, 'copy').replace('copys', 'copies')}`;
    return { count: shards * copies, label };
  }
  const n = mostInstances(c);
  if (n <= 1 || !(c.kind === 'service' || c.kind === 'worker' || c.kind === 'cache')) return undefined;
  return { count: n, label: autoscaleText(c, steady(c), ' instances') ?? `${n} instances` };
}

function edgeLabel(e: EdgeModel): string | undefined {
  if (e.label) return e.label;
  const group = e.consumer ? semanticsOf(e.from).consumerGroups.find((g) => g.edges.includes(e)) : undefined;
  if (group && !group.implied) return `group: ${group.name}`;
  const path = e.attrs.str('path');
  if (path) return path;
  if (e.on !== 'all' && !(e.on === 'write' && e.async && !e.attrs.has('on'))) return e.on === 'read' ? 'reads' : 'writes';
  return undefined;
}

export function buildGraph(system: SystemModel, direction?: LayoutDirection): DiagramGraph {
  const steady = steadyCounts(system);
  const nodes: DiagramNode[] = [];
  for (const c of system.components.values()) {
    const spec = c.kind ? kindSpec(c.kind) : undefined;
    nodes.push({
      id: c.name,
      kind: c.kind ?? 'unknown',
      label: c.name,
      title: c.title,
      subtitle: subtitleOf(c, steady),
      parent: c.parent?.name,
      container: !!spec?.container,
      stack: stackOf(c, steady),
      span: c.span,
    });
  }
  const edges: DiagramEdge[] = [];
  const seen = new Map<string, number>();
  for (const e of system.edges) {
    const base = `${e.from.name}->${e.to.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    edges.push({
      id: n === 1 ? base : `${base}#${n}`,
      source: e.from.name,
      target: e.to.name,
      label: edgeLabel(e),
      async: e.async,
      consumer: e.consumer,
      span: e.hopSpan,
    });
  }
  // A CDN fetches from its `origin:` on a miss; draw that even when no connection says so.
  for (const e of semanticModel(system).implied) {
    edges.push({
      id: `${e.from.name}->${e.to.name}#origin`,
      source: e.from.name,
      target: e.to.name,
      label: 'origin',
      async: false,
      consumer: false,
      span: e.span,
    });
  }
  return {
    system: system.name,
    nodes,
    edges: resolveDns(nodes, edges),
    direction: direction ?? (system.props.str('layout') as LayoutDirection | undefined) ?? 'auto',
  };
}
