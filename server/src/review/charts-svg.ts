// Line charts as inline SVG for the HTML report's simulation section: no
// script and no network, so a saved page draws them anywhere. Colours are
// CSS custom properties (`--chart-1`…, `--chart-grid`, `--chart-text`) with
// fallbacks, so the page's light and dark styles theme them.
import { escapeXml } from '../diagram/text';

export interface ChartSeries {
  name: string;
  values: (number | null)[];
}

export interface ChartSpec {
  title: string;
  /** Unit after each tick value: `/s`, `%`; or `format` writes the value whole. */
  unit: string;
  format?: (value: number) => string;
  /** Sample times in seconds, one per value. */
  times: (number | null)[];
  series: ChartSeries[];
}

const WIDTH = 560;
const HEIGHT = 250;
/** The bottom holds the time axis and up to two rows of legend. */
const PAD = { left: 56, right: 16, top: 36, bottom: 62 };
const COLOURS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777'];

/** A "nice" step (1, 2 or 5 × 10^k) giving about `count` ticks up to `max`. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

function tick(n: number): string {
  if (n >= 1000) return `${Number((n / 1000).toPrecision(3))}k`;
  return String(Number(n.toPrecision(3)));
}

/** One chart: axes, grid, a polyline per series (gaps where a value is null) and a legend. */
export function lineChartSvg(spec: ChartSpec): string {
  const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);
  const times = spec.times.map((t) => (finite(t) ? t : 0));
  const tMax = Math.max(1e-9, ...times);
  let yMax = 0;
  for (const s of spec.series) for (const v of s.values) if (finite(v) && v > yMax) yMax = v;
  const step = niceStep(yMax > 0 ? yMax : 1, 4);
  const top = Math.max(step, Math.ceil((yMax > 0 ? yMax : 1) / step) * step);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + (t / tMax) * plotW;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;

  const out: string[] = [];
  out.push(`<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(spec.title)}" font-size="11">`);
  out.push(`<text x="${PAD.left}" y="20" font-size="13" font-weight="600" fill="var(--chart-text, #0f172a)">${escapeXml(spec.title)}</text>`);
  for (let v = 0; v <= top + step / 2; v += step) {
    const yy = y(v).toFixed(1);
    out.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${yy}" y2="${yy}" stroke="var(--chart-grid, #e2e8f0)"/>`);
    out.push(`<text x="${PAD.left - 6}" y="${yy}" dy="0.32em" text-anchor="end" fill="var(--chart-muted, #526074)">${escapeXml(spec.format ? spec.format(v) : `${tick(v)}${spec.unit}`)}</text>`);
  }
  const tStep = niceStep(tMax, 6);
  for (let t = 0; t <= tMax + 1e-9; t += tStep) {
    out.push(`<text x="${x(t).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" fill="var(--chart-muted, #526074)">${escapeXml(tick(t))}s</text>`);
  }
  out.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="var(--chart-axis, #94a3b8)"/>`);
  spec.series.forEach((s, i) => {
    const colour = `var(--chart-${(i % COLOURS.length) + 1}, ${COLOURS[i % COLOURS.length]})`;
    // Split at nulls: a gap in the data is a gap in the line.
    let run: string[] = [];
    const flush = () => {
      if (run.length === 1) run.push(run[0]!);
      if (run.length > 1) out.push(`<polyline class="series" fill="none" stroke="${colour}" stroke-width="1.75" stroke-linejoin="round" points="${run.join(' ')}"/>`);
      run = [];
    };
    s.values.forEach((v, k) => {
      if (!finite(v) || k >= times.length) return flush();
      run.push(`${x(times[k]!).toFixed(1)},${y(v).toFixed(1)}`);
    });
    flush();
    const lx = PAD.left + (i % 3) * 165;
    const ly = HEIGHT - 24 + Math.floor(i / 3) * 15;
    out.push(`<g class="legend"><rect x="${lx}" y="${ly - 6}" width="12" height="4" rx="1" fill="${colour}"/>`);
    out.push(`<text x="${lx + 16}" y="${ly}" fill="var(--chart-text, #0f172a)">${escapeXml(s.name.length > 24 ? `${s.name.slice(0, 23)}…` : s.name)}</text></g>`);
  });
  out.push('</svg>');
  return out.join('');
}
