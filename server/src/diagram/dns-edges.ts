// DNS is drawn as name resolution, not as a hop on the request path: a
// client does not send its requests through the DNS, it asks the DNS where
// to send them. For every DNS node D, each pair of hops `X -> D` and
// `D -> Y` becomes the request edge `X -> Y` (with the `D -> Y` hop's label
// and source range, so clicking it reveals the connection that names Y),
// and `X -> D` stays as a dashed `resolves` edge. A DNS that nobody asks, or
// that names nothing, keeps its edges as written.
import type { DiagramEdge, DiagramNode } from './types';

export const RESOLVES_LABEL = 'resolves';

export function resolveDns(nodes: DiagramNode[], edges: DiagramEdge[]): DiagramEdge[] {
  const dns = new Set(nodes.filter((n) => n.kind === 'dns').map((n) => n.id));
  if (dns.size === 0) return edges;
  const out: DiagramEdge[] = [];
  const ids = new Set<string>();
  const add = (edge: DiagramEdge): void => {
    let id = edge.id;
    for (let n = 2; ids.has(id); n++) id = `${edge.id}#${n}`;
    ids.add(id);
    out.push({ ...edge, id });
  };
  const outgoing = new Map<string, DiagramEdge[]>();
  const asked = new Set(edges.filter((e) => dns.has(e.target) && !dns.has(e.source)).map((e) => e.target));
  for (const e of edges) {
    if (asked.has(e.source) && !dns.has(e.target)) outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e]);
  }
  for (const e of edges) {
    const resolved = dns.has(e.target) ? outgoing.get(e.target) : undefined;
    if (outgoing.get(e.source)?.includes(e)) continue; // drawn from each asker below
    if (!resolved) {
      add(e);
      continue;
    }
    add({ ...e, id: `${e.source}->${e.target}#resolves`, label: RESOLVES_LABEL, async: false, consumer: false, resolves: true });
    for (const hop of resolved) add({ ...hop, id: `${e.source}->${hop.target}`, source: e.source, async: e.async || hop.async });
  }
  return out;
}
