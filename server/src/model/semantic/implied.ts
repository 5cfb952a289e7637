// Structure the design implies without writing it. A CDN fetches misses from
// its `origin` even when no connection says so: that edge is made here, once
// per CDN, and marked implied, so the estimate, the simulation and the
// diagram all see the same object.
import { PropertyBag, type ComponentModel, type EdgeModel, type SystemModel } from '../types';

export interface ImpliedEdge extends EdgeModel {
  implied: true;
}

/** The CDN → origin edge of `cdn`, when its origin is set and no connection already reaches it. */
export function impliedOriginEdge(cdn: ComponentModel, system: SystemModel): ImpliedEdge | undefined {
  if (cdn.kind !== 'cdn') return undefined;
  const origin = system.components.get(cdn.props.str('origin') ?? '');
  if (!origin || origin === cdn || cdn.outgoing.some((e) => e.to === origin)) return undefined;
  // No connection was written: the edge points at the `origin:` property that implies it.
  const span = cdn.props.get('origin')?.span ?? cdn.nameSpan;
  return {
    from: cdn, to: origin, span, hopSpan: span, fromSpan: cdn.nameSpan, toSpan: origin.nameSpan,
    connection: { type: 'connection', refs: [], arrows: [], attrs: [], span: cdn.nameSpan },
    attrs: new PropertyBag(),
    async: false, consumer: false, on: 'all', weight: 1, index: -1,
    implied: true,
  };
}

export function isImplied(edge: EdgeModel): edge is ImpliedEdge {
  return (edge as Partial<ImpliedEdge>).implied === true;
}
