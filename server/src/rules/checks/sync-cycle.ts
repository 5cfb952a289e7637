import type { ComponentModel, EdgeModel } from '../../model/types';
import type { Rule } from '../types';

export const syncCycle: Rule = {
  id: 'sync-cycle',
  severity: 'warning',
  category: 'Availability and scaling',
  summary: 'A cycle of synchronous calls: a request can wait on itself, and a slowdown anywhere on the loop feeds back.',
  docs: {
    checks: 'A cycle of synchronous connections (not async, not through a queue, stream or pub/sub).',
    why: 'When A calls B and B, directly or not, calls A while A waits, every request holds resources on both sides. Under load each side waits on the other, threads run out and the loop deadlocks or collapses together; failures and retries travel round the loop and amplify. Break the cycle with an asynchronous event, or move the shared logic into one place.',
    fires: `system shop {
  service orders { instances: 2 }
  service inventory { instances: 2 }
  orders -> inventory
  inventory -> orders
}`,
    fixed: `system shop {
  service orders { instances: 2 }
  service inventory { instances: 2 }
  orders -> inventory
  inventory -> orders (async)
}`,
  },
  check({ system, facts, report }) {
    // Iterative DFS over synchronous edges; each back edge closes one cycle.
    // Linear in the edges: lists grow in place, and an open node's depth on
    // the stack finds where its cycle starts without scanning the path.
    const out = new Map<ComponentModel, EdgeModel[]>();
    for (const e of facts.syncEdges) {
      const list = out.get(e.from);
      if (list) list.push(e);
      else out.set(e.from, [e]);
    }
    const state = new Map<ComponentModel, 'open' | 'done'>();
    const depth = new Map<ComponentModel, number>();
    const reported = new Set<string>();
    for (const start of system.components.values()) {
      if (state.has(start)) continue;
      const path: EdgeModel[] = [];
      const stack: { node: ComponentModel; next: number }[] = [{ node: start, next: 0 }];
      state.set(start, 'open');
      depth.set(start, 0);
      while (stack.length) {
        const frame = stack[stack.length - 1];
        const edges = out.get(frame.node) ?? [];
        if (frame.next >= edges.length) {
          state.set(frame.node, 'done');
          stack.pop();
          path.pop();
          continue;
        }
        const e = edges[frame.next++];
        const s = state.get(e.to);
        if (s === 'open') {
          const cycle = [...path.slice(depth.get(e.to)!), e];
          const key = cycle.map((c) => c.from.name).sort().join('>');
          if (reported.has(key)) continue;
          reported.add(key);
          const names = [...cycle.map((c) => c.from.name), e.to.name];
          report({
            message: `Synchronous calls form a cycle: ${names.join(' -> ')}. A request can end up waiting on itself, and under load both sides hold resources while waiting for each other. Make one call asynchronous or remove the loop.`,
            span: e.hopSpan,
            related: cycle.filter((c) => c !== e).map((c) => ({ message: `${c.from.name} -> ${c.to.name}`, span: c.hopSpan })),
          });
        } else if (!s) {
          state.set(e.to, 'open');
          depth.set(e.to, stack.length);
          path.push(e);
          stack.push({ node: e.to, next: 0 });
        }
      }
    }
  },
};
