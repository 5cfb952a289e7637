// The text form of `simulate --trace N`: one line per traced request (who
// sent it, when, how it ended, how long it took), then one line per visit
// with its start, wait and service in milliseconds. The JSON form is
// `traces` in `simulate --format json` (docs/simulation.md).
import type { RequestTrace } from '../sim';
import type { Colors } from './colors';
import { terminalSafe } from './terminal-safe';

const ms = (x: number | null): string => (x === null ? '—' : `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`);

export function tracesText(traces: readonly RequestTrace[], paint: Colors): string {
  const lines = ['', paint.bold('Traces')];
  if (traces.length === 0) lines.push('  none: no client request started after the warm-up');
  for (const t of traces) {
    const outcome = t.outcome === 'completed' ? t.outcome : t.outcome === 'unfinished' ? paint.yellow(t.outcome) : paint.red(t.outcome);
    lines.push(`  #${t.id} ${t.kind} from ${terminalSafe(t.client)} at ${(t.at_ms / 1000).toFixed(3)} s: ${outcome}, ${ms(t.latency_ms)}`);
    const width = Math.max(0, ...t.hops.map((h) => terminalSafe(h.component).length));
    for (const h of t.hops) {
      lines.push(paint.dim(`    ${terminalSafe(h.component).padEnd(width)}  starts ${ms(h.start_ms).padStart(9)}  waits ${ms(h.wait_ms).padStart(9)}  served ${ms(h.service_ms).padStart(9)}`));
    }
  }
  return `${lines.join('\n')}\n`;
}
