// Shapes and icons per component kind, as SVG markup strings.
// Icons are drawn on a 24×24 grid with strokes only, then scaled into place.
import type { Box } from './metrics';
import type { ColorFn } from './theme';
import { lookupTable } from '../records';

/**
 * Compact number formatting for SVG attributes: at most two decimals, no
 * trailing zeros, no "-0". The same text as `String(Math.round(v * 100) / 100)`,
 * built from the integer hundredths: a drawing formats thousands of numbers,
 * and printing a fractional double is several times slower.
 */
export function num(v: number): string {
  const n = Math.round(v * 100);
  // Whole numbers, and anything beyond exact integers (huge, infinite, NaN), print as the double they are; + 0 turns -0 into 0.
  if (n % 100 === 0 || !Number.isSafeInteger(n)) return String(n / 100 + 0);
  const a = n < 0 ? -n : n;
  const frac = a % 100;
  const decimals = frac % 10 === 0 ? `.${frac / 10}` : frac < 10 ? `.0${frac}` : `.${frac}`;
  return `${n < 0 ? '-' : ''}${(a - frac) / 100}${decimals}`;
}

function gearPath(): string {
  const teeth = 8;
  const outer = 9.5;
  const inner = 7.2;
  const pts: string[] = [];
  for (let i = 0; i < teeth; i++) {
    const a = (i / teeth) * Math.PI * 2;
    const step = (Math.PI * 2) / teeth;
    for (const [angle, r] of [
      [a - step * 0.34, inner],
      [a - step * 0.2, outer],
      [a + step * 0.2, outer],
      [a + step * 0.34, inner],
    ] as const) {
      pts.push(`${num(12 + r * Math.cos(angle))} ${num(12 + r * Math.sin(angle))}`);
    }
  }
  return `M${pts.join('L')}z M12 8.8a3.2 3.2 0 1 0 0 6.4 3.2 3.2 0 0 0 0-6.4z`;
}

const ICONS: Readonly<Record<string, string>> = lookupTable({
  client: 'M2 4.5h14v10H2z M6 19h6 M9 14.5V19 M17.5 8.5h4.5v12h-4.5z M19.75 18h0',
  dns: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M3 12h18 M12 3c-2.8 2.6-4 5.6-4 9s1.2 6.4 4 9 M12 3c2.8 2.6 4 5.6 4 9s-1.2 6.4-4 9',
  cdn: 'M7 19a4.5 4.5 0 0 1-.9-8.9A6 6 0 0 1 17.6 8.6 5.2 5.2 0 0 1 17 19z M9.5 14.5h5 M12 12v5',
  loadbalancer:
    'M2 12h5 M7 12c3 0 3-6 6-6h7 M7 12h13 M7 12c3 0 3 6 6 6h7 M17.5 3.5 20 6l-2.5 2.5 M17.5 9.5 20 12l-2.5 2.5 M17.5 15.5 20 18l-2.5 2.5',
  gateway: 'M12 2.5l8 3v6c0 5-3.4 8.6-8 10-4.6-1.4-8-5-8-10v-6z M9.5 17v-4.5a2.5 2.5 0 0 1 5 0V17',
  proxy: 'M9 4h6v16H9z M2 12h5 M4.5 9.5 7 12l-2.5 2.5 M17 12h5 M19.5 9.5 22 12l-2.5 2.5',
  service: 'M12 2.5l8.5 4.75v9.5L12 21.5l-8.5-4.75v-9.5z M3.5 7.25 12 12l8.5-4.75 M12 12v9.5',
  worker: gearPath(),
  cache: 'M13.5 2 5 13.5h6L10 22l9-12h-6z',
  database:
    'M5 6c0-1.7 3.1-3 7-3s7 1.3 7 3-3.1 3-7 3-7-1.3-7-3z M5 6v12c0 1.7 3.1 3 7 3s7-1.3 7-3V6 M5 12c0 1.7 3.1 3 7 3s7-1.3 7-3',
  blob: 'M3.5 6.5c0-1.4 3.8-2.5 8.5-2.5s8.5 1.1 8.5 2.5-3.8 2.5-8.5 2.5-8.5-1.1-8.5-2.5z M3.5 6.5l2 12.5c.3 1.4 3 2.5 6.5 2.5s6.2-1.1 6.5-2.5l2-12.5',
  queue: 'M2 7h20v10H2z M7 7v10 M12 7v10 M17 7v10',
  stream:
    'M3 6h15 M15.5 3.5 18 6l-2.5 2.5 M3 12h18 M18.5 9.5 21 12l-2.5 2.5 M3 18h12 M12.5 15.5 15 18l-2.5 2.5',
  pubsub:
    'M12 10.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z M8.5 8.5a5 5 0 0 0 0 7 M15.5 8.5a5 5 0 0 1 0 7 M5.6 5.6a9 9 0 0 0 0 12.8 M18.4 5.6a9 9 0 0 1 0 12.8',
  orchestrator:
    'M12 9.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z M12 2.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4z M4.5 16.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4z M19.5 16.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4z M12 6.5v3 M10 13.6l-4 3.4 M14 13.6l4 3.4',
  job: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M12 7v5l3.5 2',
  region: 'M12 21.5s-7-6-7-11.5a7 7 0 0 1 14 0c0 5.5-7 11.5-7 11.5z M12 7.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z',
  group:
    'M3 6.5A1.5 1.5 0 0 1 4.5 5H9l2 2.5h8.5A1.5 1.5 0 0 1 21 9v9.5a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 18.5z',
  table: 'M3 4h18v16H3z M3 9.5h18 M3 14.75h18 M9 9.5V20',
  unknown:
    'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M9.3 9.3a2.8 2.8 0 1 1 3.9 2.6c-.8.4-1.2 1-1.2 1.8v.6 M12 17h0',
});

/** A kind's icon at (x, y), `size` px square, stroked in `color`. */
export function icon(kind: string, x: number, y: number, size: number, color: string): string {
  const d = ICONS[kind] ?? ICONS.unknown!;
  const s = size / 24;
  return (
    `<path class="icon" transform="translate(${num(x)} ${num(y)}) scale(${num(s)})" d="${d}" fill="none" ` +
    `stroke="${color}" stroke-width="${num(1.7 / s > 2.2 ? 2.2 : 1.7 / s)}" stroke-linecap="round" stroke-linejoin="round"/>`
  );
}

interface Paint {
  fill: string;
  stroke: string;
  accent: string;
  bg: string;
}

function attrs(p: Paint, extra = '', strokeWidth = 1.5): string {
  return `fill="${p.fill}" stroke="${p.stroke}" stroke-width="${strokeWidth}"${extra}`;
}

function rect(b: Box, rx: number, p: Paint, extra = '', strokeWidth = 1.5): string {
  return `<rect x="${num(b.x)}" y="${num(b.y)}" width="${num(b.width)}" height="${num(b.height)}" rx="${num(rx)}" ${attrs(p, extra, strokeWidth)}/>`;
}

function path(d: string, p: Paint, extra = ''): string {
  return `<path d="${d}" ${attrs(p, extra)}/>`;
}

/** Accent band along the top of a rounded rectangle (rx), `h` px tall. */
function topBand(b: Box, rx: number, h: number, color: string): string {
  const dx = rx - Math.sqrt(Math.max(0, rx * rx - (rx - h) * (rx - h)));
  const { x, y, width: w } = b;
  return (
    `<path d="M${num(x + dx)} ${num(y + h)}A${rx} ${rx} 0 0 1 ${num(x + rx)} ${num(y)}H${num(x + w - rx)}` +
    `A${rx} ${rx} 0 0 1 ${num(x + w - dx)} ${num(y + h)}Z" fill="${color}"/>`
  );
}

/** Accent band down the left side of a rounded rectangle (rx), `w` px wide. */
function leftBand(b: Box, rx: number, w: number, color: string): string {
  const dy = rx - Math.sqrt(Math.max(0, rx * rx - (rx - w) * (rx - w)));
  const { x, y, height: h } = b;
  return (
    `<path d="M${num(x + w)} ${num(y + dy)}A${rx} ${rx} 0 0 0 ${num(x)} ${num(y + rx)}V${num(y + h - rx)}` +
    `A${rx} ${rx} 0 0 0 ${num(x + w)} ${num(y + h - dy)}Z" fill="${color}"/>`
  );
}

function cylinder(b: Box, p: Paint): string {
  const { x, y, width: w, height: h } = b;
  const rx = w / 2;
  const ry = Math.min(7, h / 6);
  return (
    path(
      `M${num(x)} ${num(y + ry)}A${num(rx)} ${num(ry)} 0 0 1 ${num(x + w)} ${num(y + ry)}V${num(y + h - ry)}` +
        `A${num(rx)} ${num(ry)} 0 0 1 ${num(x)} ${num(y + h - ry)}Z`,
      p,
    ) + `<path d="M${num(x)} ${num(y + ry)}A${num(rx)} ${num(ry)} 0 0 0 ${num(x + w)} ${num(y + ry)}" fill="none" stroke="${p.stroke}" stroke-width="1.5"/>`
  );
}

function bucket(b: Box, p: Paint): string {
  const { x, y, width: w, height: h } = b;
  const ry = 6;
  const inset = 6;
  const rx = w / 2;
  return (
    path(
      `M${num(x)} ${num(y + ry)}A${num(rx)} ${num(ry)} 0 0 1 ${num(x + w)} ${num(y + ry)}L${num(x + w - inset)} ${num(y + h - 4)}` +
        `A${num(rx - inset)} 4 0 0 1 ${num(x + inset)} ${num(y + h - 4)}Z`,
      p,
    ) + `<path d="M${num(x)} ${num(y + ry)}A${num(rx)} ${num(ry)} 0 0 0 ${num(x + w)} ${num(y + ry)}" fill="none" stroke="${p.stroke}" stroke-width="1.5"/>`
  );
}

function cloud(b: Box, p: Paint): string {
  const { x, y, width: w, height: h } = b;
  const top = y + 11;
  const r = Math.min(16, (h - 11) / 2);
  const span = w - 2 * r;
  const bumps = Math.max(2, Math.round(span / 46));
  const chord = span / bumps;
  let d = `M${num(x + r)} ${num(y + h)}H${num(x + w - r)}A${num(r)} ${num(r)} 0 0 0 ${num(x + w)} ${num(y + h - r)}`;
  d += `V${num(top + r)}A${num(r)} ${num(r)} 0 0 0 ${num(x + w - r)} ${num(top)}`;
  for (let i = 0; i < bumps; i++) {
    const s = i % 2 === 0 ? 11 : 8;
    const radius = (chord * chord) / 4 / (2 * s) + s / 2;
    d += `A${num(radius)} ${num(radius)} 0 0 0 ${num(x + w - r - chord * (i + 1))} ${num(top)}`;
  }
  d += `A${num(r)} ${num(r)} 0 0 0 ${num(x)} ${num(top + r)}V${num(y + h - r)}A${num(r)} ${num(r)} 0 0 0 ${num(x + r)} ${num(y + h)}Z`;
  return path(d, p);
}

function polygon(points: [number, number][], p: Paint): string {
  return `<polygon points="${points.map(([px, py]) => `${num(px)},${num(py)}`).join(' ')}" ${attrs(p, ' stroke-linejoin="round"')}/>`;
}

/** The body of a leaf node of `kind` filling box `b`. */
export function shape(kind: string, b: Box, p: Paint, c: ColorFn): string {
  const { x, y, width: w, height: h } = b;
  switch (kind) {
    case 'client':
      return rect(b, 14, p);
    case 'dns': {
      const k = 9;
      return polygon(
        [
          [x + k, y],
          [x + w - k, y],
          [x + w, y + k],
          [x + w, y + h - k],
          [x + w - k, y + h],
          [x + k, y + h],
          [x, y + h - k],
          [x, y + k],
        ],
        p,
      );
    }
    case 'cdn':
      return cloud(b, p);
    case 'loadbalancer':
      return rect(b, Math.min(h / 2, 22), p);
    case 'gateway': {
      const k = 11;
      return polygon(
        [
          [x + k, y],
          [x + w - k, y],
          [x + w, y + h / 2],
          [x + w - k, y + h],
          [x + k, y + h],
          [x, y + h / 2],
        ],
        p,
      );
    }
    case 'proxy':
      return (
        rect(b, 3, p) +
        `<path d="M${num(x + 7)} ${num(y)}V${num(y + h)}M${num(x + w - 7)} ${num(y)}V${num(y + h)}" stroke="${p.stroke}" stroke-width="1.5"/>`
      );
    case 'service':
      return rect(b, 8, p) + topBand(b, 8, 4, p.accent);
    case 'worker':
      return rect(b, 8, p) + leftBand(b, 8, 4, p.accent);
    case 'orchestrator':
      return rect(b, 6, p, '', 2) + topBand(b, 6, 6, p.accent);
    case 'job': {
      const f = 13;
      return (
        polygon(
          [
            [x, y],
            [x + w - f, y],
            [x + w, y + f],
            [x + w, y + h],
            [x, y + h],
          ],
          p,
        ) +
        `<path d="M${num(x + w - f)} ${num(y)}V${num(y + f)}H${num(x + w)}" fill="none" stroke="${p.stroke}" stroke-width="1.5" stroke-linejoin="round"/>`
      );
    }
    case 'cache':
      return rect(b, 8, p) + leftBand(b, 8, 5, p.accent);
    case 'database':
      return cylinder(b, p);
    case 'blob':
      return bucket(b, p);
    case 'queue': {
      const sx = x + w - 32;
      const sy = y + 9;
      const sh = h - 18;
      let slots = `<rect x="${num(sx)}" y="${num(sy)}" width="24" height="${num(sh)}" rx="2" fill="${p.bg}" stroke="${p.accent}" stroke-width="1.2"/>`;
      slots += `<path d="M${num(sx + 8)} ${num(sy)}v${num(sh)}M${num(sx + 16)} ${num(sy)}v${num(sh)}" stroke="${p.accent}" stroke-width="1.2"/>`;
      return rect(b, 5, p) + slots;
    }
    case 'stream': {
      // Partition lanes along the bottom: append-only logs of different lengths.
      let lanes = '';
      const laneW = w - 20;
      for (let i = 0; i < 3; i++) {
        const ly = y + h - 15 + i * 5;
        const filled = Math.max(10, Math.floor((laneW * [0.7, 0.45, 0.85][i]!) / 10) * 10 - 2);
        lanes += `<path d="M${num(x + 10)} ${num(ly)}H${num(x + w - 10)}" stroke="${p.stroke}" stroke-width="1"/>`;
        lanes += `<path d="M${num(x + 10)} ${num(ly)}h${num(filled)}" stroke="${p.accent}" stroke-width="3" stroke-dasharray="8 2"/>`;
      }
      return rect(b, 5, p) + lanes;
    }
    case 'pubsub': {
      const cx = x + w - 22;
      const cy = y + h / 2;
      const fan =
        `<path d="M${num(cx)} ${num(cy)}L${num(cx + 12)} ${num(cy - 9)}M${num(cx)} ${num(cy)}H${num(cx + 13)}M${num(cx)} ${num(cy)}L${num(cx + 12)} ${num(cy + 9)}" ` +
        `stroke="${p.accent}" stroke-width="1.3" stroke-linecap="round"/>` +
        `<circle cx="${num(cx)}" cy="${num(cy)}" r="2.4" fill="${p.accent}"/>` +
        [
          [12, -9],
          [13, 0],
          [12, 9],
        ]
          .map(([dx, dy]) => `<circle cx="${num(cx + dx!)}" cy="${num(cy + dy!)}" r="1.8" fill="${p.accent}"/>`)
          .join('');
      return rect(b, 8, p) + fan;
    }
    case 'table':
      return rect(b, 3, p) + topBand(b, 3, 6, p.accent);
    default:
      return rect(b, 6, { ...p, stroke: c('other-stroke') }, ' stroke-dasharray="4 3"');
  }
}
