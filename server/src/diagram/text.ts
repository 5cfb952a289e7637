// Deterministic text measurement and XML escaping for the diagram.
//
// Layout needs text widths before anything is drawn, and it must give the
// same answer in the server, the CLI and the tests, so widths come from a
// table rather than a canvas: the advance widths of DejaVu Sans and DejaVu
// Sans Bold (the first family in FONT_FAMILY, and the font resvg finds on
// Debian), in thousandths of an em, for printable ASCII. Other characters
// use a conservative estimate. Fonts later in the stack are narrower than
// DejaVu, so an estimate made for DejaVu never lets text overflow its box.
//
// This module is browser-safe (no Node imports): the webview may render
// drawings itself.

/** The font stack written into the SVG. DejaVu Sans first: its metrics are the table below. */
export const FONT_FAMILY =
  "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** Default family for rasterising: present on Debian with the fonts-dejavu-core package. */
export const RASTER_FONT_FAMILY = 'DejaVu Sans';

export interface FontSpec {
  size: number;
  bold: boolean;
}

// Advance widths (1/1000 em) for U+0020..U+007E, read from DejaVuSans.ttf / DejaVuSans-Bold.ttf.
// prettier-ignore
const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
  636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
  1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
  603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
  500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
  635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
// prettier-ignore
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
  696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
  1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
  733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
  500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
  716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];
// A few non-ASCII characters the diagram itself writes.
const EXTRA_REGULAR: Record<number, number> = { 0xb7: 318, 0xd7: 838, 0x2026: 1000, 0x2192: 838, 0xfffd: 1000 };
const EXTRA_BOLD: Record<number, number> = { 0xb7: 380, 0xd7: 838, 0x2026: 1000, 0x2192: 838, 0xfffd: 1000 };

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function charWidth(cp: number, bold: boolean): number {
  if (cp >= 0x20 && cp <= 0x7e) return (bold ? BOLD : REGULAR)[cp - 0x20]!;
  const extra = (bold ? EXTRA_BOLD : EXTRA_REGULAR)[cp];
  if (extra !== undefined) return extra;
  if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b || cp === 0x200d) return 0;
  if (isWide(cp)) return 1000;
  return bold ? 760 : 700;
}

/** Estimated advance width of `text` in px. */
export function textWidth(text: string, font: FontSpec): number {
  let total = 0;
  for (const ch of text) total += charWidth(ch.codePointAt(0)!, font.bold);
  return (total * font.size) / 1000;
}

const ELLIPSIS = '\u2026';

/** `text` cut to fit `maxWidth`, with an ellipsis when cut. */
export function truncate(text: string, maxWidth: number, font: FontSpec): string {
  if (textWidth(text, font) <= maxWidth) return text;
  const chars = Array.from(text);
  const budget = maxWidth - textWidth(ELLIPSIS, font);
  let width = 0;
  let n = 0;
  for (; n < chars.length; n++) {
    const w = (charWidth(chars[n]!.codePointAt(0)!, font.bold) * font.size) / 1000;
    if (width + w > budget) break;
    width += w;
  }
  return chars.slice(0, n).join('').trimEnd() + ELLIPSIS;
}

/**
 * Greedy word wrap into at most `maxLines` lines no wider than `maxWidth`.
 * Words longer than a line are broken; text left over is cut with an ellipsis.
 */
export function wrapText(text: string, maxWidth: number, font: FontSpec, maxLines: number): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean === '') return [];
  if (textWidth(clean, font) <= maxWidth) return [clean];
  const words = clean.split(' ');
  const lines: string[] = [];
  let current = '';
  let i = 0;
  while (i < words.length && lines.length < maxLines) {
    const word = words[i]!;
    const candidate = current === '' ? word : `${current} ${word}`;
    if (textWidth(candidate, font) <= maxWidth) {
      current = candidate;
      i++;
      continue;
    }
    if (current !== '') {
      lines.push(current);
      current = '';
      continue;
    }
    // A single word wider than the line: break it.
    const chars = Array.from(word);
    let cut = 1;
    while (cut < chars.length && textWidth(chars.slice(0, cut + 1).join(''), font) <= maxWidth) cut++;
    lines.push(chars.slice(0, cut).join(''));
    words[i] = chars.slice(cut).join('');
  }
  if (current !== '' && lines.length < maxLines) {
    lines.push(current);
    current = '';
  }
  if (i < words.length || current !== '') {
    const rest = [lines.pop() ?? '', current, ...words.slice(i)].filter((s) => s !== '').join(' ');
    lines.push(truncate(rest + ELLIPSIS, maxWidth, font));
  }
  return lines;
}

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF even
// when escaped; replace them so any design text yields a well-formed SVG.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as the diagram shows it: runs of white space (newlines from `\n`
 * escapes included) become one space, and characters XML cannot hold become
 * U+FFFD, so what is measured is what is drawn.
 */
export function displayText(text: string): string {
  return text.replace(INVALID_XML, '\uFFFD').replace(/\s+/g, ' ').trim();
}

/** Any character escapeXml may change (surrogates too: a lone one is replaced, a pair is not, which the slow path decides). */
// eslint-disable-next-line no-control-regex
const MAY_NEED_ESCAPING = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Escapes text for XML content and attribute values (`& < > " '`), dropping characters XML cannot hold. */
export function escapeXml(text: string): string {
  if (!MAY_NEED_ESCAPING.test(text)) return text; // most labels and attributes: nothing to do
  return text.replace(INVALID_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
