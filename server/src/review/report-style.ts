// The HTML report's stylesheet: readable type, light and dark by the reader's
// `prefers-color-scheme`, and the diagram's colour tokens (`--sd-*`, the same
// palettes as diagram/theme.ts) so the inline SVG follows the scheme too.
import { PALETTES, type ThemeName } from '../diagram/theme';

function tokens(theme: ThemeName): string {
  return Object.entries(PALETTES[theme])
    .map(([name, value]) => `--sd-${name}: ${value};`)
    .join(' ');
}

export function reportCss(): string {
  return `
:root { color-scheme: light dark; ${tokens('light')}
  --bg: #f8fafc; --card: #ffffff; --text: #0f172a; --muted: #526074; --border: #e2e8f0; --link: #1d4ed8;
  --error: #b91c1c; --error-bg: #fef2f2; --warning: #a16207; --warning-bg: #fefce8; --info: #1d4ed8; --info-bg: #eff6ff;
  --ok: #047857; --chart-text: #0f172a; --chart-muted: #526074; --chart-grid: #e2e8f0; --chart-axis: #94a3b8;
  --chart-1: #2563eb; --chart-2: #dc2626; --chart-3: #059669; --chart-4: #d97706; --chart-5: #7c3aed; --chart-6: #db2777; }
@media (prefers-color-scheme: dark) {
  :root { ${tokens('dark')}
    --bg: #0f1115; --card: #171a21; --text: #e5e7eb; --muted: #a3acb9; --border: #2a2f3a; --link: #93c5fd;
    --error: #fca5a5; --error-bg: #3a1717; --warning: #fcd34d; --warning-bg: #362c0f; --info: #93c5fd; --info-bg: #172238;
    --ok: #6ee7b7; --chart-text: #e5e7eb; --chart-muted: #a3acb9; --chart-grid: #2a2f3a; --chart-axis: #525a66;
    --chart-1: #60a5fa; --chart-2: #f87171; --chart-3: #34d399; --chart-4: #fbbf24; --chart-5: #a78bfa; --chart-6: #f472b6; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, "Helvetica Neue", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 32px 24px 64px; }
header.page { margin-bottom: 24px; }
header.page h1 { font-size: 28px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
header.page p { margin: 0; color: var(--muted); }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 14px; padding: 0; list-style: none; }
.summary li { background: var(--card); border: 1px solid var(--border); border-radius: 999px; padding: 3px 12px; font-size: 13px; }
.summary .error { color: var(--error); } .summary .warning { color: var(--warning); } .summary .ok { color: var(--ok); }
section.system { background: var(--card); border: 1px solid var(--border); border-radius: 12px; padding: 20px 24px; margin: 24px 0; }
section.system > h2 { font-size: 21px; margin: 0 0 4px; }
section.system > .subtitle { color: var(--muted); margin: 0 0 12px; }
h3 { font-size: 16px; margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h4 { font-size: 14px; margin: 18px 0 8px; }
a { color: var(--link); }
code { font: 0.92em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: color-mix(in srgb, var(--border) 55%, transparent); padding: 0.05em 0.35em; border-radius: 4px; }
.diagram { overflow: auto; border: 1px solid var(--border); border-radius: 8px; background: var(--sd-bg); padding: 8px; }
.diagram svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.problem { color: var(--muted); font-style: italic; }
ul.findings { list-style: none; padding: 0; margin: 0; }
ul.findings li { border-left: 4px solid var(--border); padding: 8px 12px; margin: 8px 0; border-radius: 0 6px 6px 0; }
ul.findings li.error { border-color: var(--error); background: var(--error-bg); }
ul.findings li.warning { border-color: var(--warning); background: var(--warning-bg); }
ul.findings li.info { border-color: var(--info); background: var(--info-bg); }
.finding-head { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: baseline; font-size: 13px; }
.finding-head .severity { font-weight: 650; text-transform: uppercase; letter-spacing: 0.04em; font-size: 11px; }
li.error .severity { color: var(--error); } li.warning .severity { color: var(--warning); } li.info .severity { color: var(--info); }
.finding-head .where { color: var(--muted); }
.finding-message { margin-top: 2px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12.5px; }
td[style*="right"], th[style*="right"] { text-align: right; }
.estimate ul { padding-left: 20px; }
.estimate p { margin: 8px 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 10px; margin: 12px 0; }
.figure { border: 1px solid var(--border); border-radius: 8px; padding: 10px 12px; }
.figure .label { color: var(--muted); font-size: 12px; }
.figure .value { font-size: 19px; font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 14px; }
.charts svg { width: 100%; height: auto; border: 1px solid var(--border); border-radius: 8px; background: var(--card); }
.slo-met { color: var(--ok); }
.slo-missed { color: var(--error); font-weight: 600; }
footer { color: var(--muted); font-size: 13px; margin-top: 32px; }
@media print { body { background: #fff; } section.system { break-inside: avoid-page; } }
`;
}
