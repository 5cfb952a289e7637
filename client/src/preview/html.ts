// The preview page. Pure (no `vscode` import) so the headless-browser test
// loads exactly the page the extension shows.
//
// Security (the webview boundary of docs/architecture.md): scripts only with the page's nonce, styles
// and images only from the extension's webview folder (cspSource), no inline
// style or script; the initial state is JSON in a non-executed script block
// with `<` (and the line separators JavaScript dislikes) escaped, so no text
// can close the block. Every string from the design reaches the page later,
// through postMessage, as data.
import { randomBytes } from 'crypto';
import type { PreviewState } from '../../../server/src/protocol';

export interface PreviewPageOptions {
  /** `webview.cspSource`: the origin the page may load its own resources from. */
  cspSource: string;
  /** URI of dist/webview/main.js as the webview sees it. */
  scriptUri: string;
  /** URI of dist/webview/preview.css as the webview sees it. */
  styleUri: string;
  /** Fresh for every page load; see `newNonce`. */
  nonce: string;
  state: PreviewState;
}

/** 128 random bits, base64: a CSP nonce. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** JSON that is safe inside a `<script type="application/json">` block. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function previewHtml(o: PreviewPageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>Sysdesign preview</title>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Diagram">
  <label class="picker" id="picker" hidden>System <select id="system" aria-label="System"></select></label>
  <label class="picker" id="view-picker" hidden>View <select id="view-select" aria-label="View"></select></label>
  <span class="title" id="title"></span>
  <span class="spacer"></span>
  <button type="button" id="zoom-out" title="Zoom out (-)" aria-label="Zoom out">&#x2212;</button>
  <button type="button" id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
  <button type="button" id="fit" title="Fit the diagram to the window (0)">Fit</button>
  <button type="button" id="export-svg" title="Export the diagram as SVG">SVG</button>
  <button type="button" id="export-png" title="Export the diagram as PNG">PNG</button>
</header>
<div class="notice" id="notice" role="status" hidden></div>
<main class="viewport" id="viewport" tabindex="0" aria-label="Diagram: drag to pan, wheel to zoom">
  <p class="empty" id="empty">Open a .sysdesign file to see its diagram.</p>
</main>
<details class="sim" id="sim">
  <summary>Simulation</summary>
  <div class="sim-controls">
    <label>Scenario <select id="sim-scenario" aria-label="Scenario"><option value="">(plain run)</option></select></label>
    <label>Load &#xd7; <input id="sim-load" type="number" min="0" step="0.1" placeholder="1" aria-label="Load multiplier"></label>
    <label>Duration s <input id="sim-duration" type="number" min="1" step="1" placeholder="default" aria-label="Duration in seconds"></label>
    <label>Seed <input id="sim-seed" type="number" step="1" placeholder="default" aria-label="Seed"></label>
    <button type="button" id="sim-run">Run</button>
    <button type="button" id="sim-cancel" disabled>Cancel</button>
    <button type="button" id="sim-save" disabled>Save JSON</button>
  </div>
  <div class="sim-status" id="sim-status" role="status">Not run yet.</div>
  <div class="sim-results" id="sim-results" hidden>
    <ul class="sim-slo" id="sim-slo" aria-label="SLO verdicts" hidden></ul>
    <div class="sim-charts">
      <figure><figcaption>Response time (ms)</figcaption><div class="chart"><canvas id="chart-latency"></canvas></div></figure>
      <figure><figcaption>Throughput and errors (req/s)</figcaption><div class="chart"><canvas id="chart-throughput"></canvas></div></figure>
      <figure><figcaption>Queue length (top 5)</figcaption><div class="chart"><canvas id="chart-queues"></canvas></div></figure>
      <figure><figcaption>Instances</figcaption><div class="chart"><canvas id="chart-instances"></canvas></div></figure>
    </div>
    <table class="sim-table" id="sim-table">
      <thead>
        <tr><th rowspan="2">Component</th><th colspan="2">Utilization</th><th colspan="2">Throughput (req/s)</th><th colspan="2">Latency (ms)</th><th rowspan="2" title="Estimated monthly cost from the price table or price: (docs/cost.md)">Cost / month</th></tr>
        <tr><th>sim</th><th>analytic</th><th>sim</th><th>analytic</th><th>sim</th><th>analytic</th></tr>
      </thead>
      <tbody></tbody>
      <tfoot id="sim-cost-total" hidden><tr><th colspan="7">Estimated cost of the design per month</th><td class="num" id="sim-cost-total-value"></td></tr></tfoot>
    </table>
    <section class="sim-traces" id="sim-traces" hidden aria-label="Request traces">
      <div class="sim-controls"><label>Request <select id="trace-select" aria-label="Traced request"></select></label>
        <span class="trace-legend"><span class="trace-wait-key"></span> waiting for a core <span class="trace-service-key"></span> served</span></div>
      <div class="waterfall" id="waterfall"></div>
    </section>
    <ul class="sim-notes" id="sim-notes" hidden></ul>
  </div>
</details>
<script id="sd-initial-state" type="application/json">${embedJson(o.state)}</script>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
