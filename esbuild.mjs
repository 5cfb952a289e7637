#!/usr/bin/env node
// Bundles what ships:
//   client/src/extension.ts  -> dist/extension.js     (VS Code extension; `vscode` is external)
//   server/src/lsp/main.ts   -> dist/server.js        (language server, `node dist/server.js --stdio`)
//   server/src/cli.ts        -> dist/cli.js           (command-line tool)
//   server/src/diagram/layout-worker.ts -> dist/layout-worker.js (the server's diagram layout thread)
//   server/src/lsp/sim-worker.ts -> dist/sim-worker.js (the server's simulation threads, one per run)
//   server/src/sim/replication-worker.ts -> dist/replication-worker.js (`simulate --replications`, one per seed)
//   client/webview/main.ts   -> dist/webview/main.js  (preview front end, browser IIFE)
//   client/webview/preview.css -> dist/webview/preview.css
//   client/webview/markdown-preview.ts / .css -> dist/webview/markdown-preview.js / .css
//                                               (draws ```sysdesign fences in the Markdown preview)
// and copies @resvg/resvg-wasm's index_bg.wasm to dist/resvg.wasm (PNG export
// in the extension host, which cannot load the native @resvg/resvg-js).
// Dependencies are bundled (chevrotain, commander, picocolors,
// vscode-languageclient/-server, elkjs, the MCP SDK, zod), so the .vsix needs no
// node_modules and the npm package declares no runtime dependencies.
// `@resvg/resvg-js` is a native module and stays external: only code paths
// that export PNGs may load it, and the .vsix does not ship it.
//
// An entry whose source does not exist yet is skipped with a note.
//
//   node esbuild.mjs                 development build (source maps, not minified)
//   node esbuild.mjs --production    minified (also when NODE_ENV=production)
//   node esbuild.mjs --watch         rebuild on change (VS Code's esbuild problem matcher format)
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!['--production', '--watch'].includes(a)) {
    console.error(`esbuild.mjs: unknown argument ${a}\nusage: node esbuild.mjs [--production] [--watch]`);
    process.exit(2);
  }
}
const production = args.has('--production') || process.env.NODE_ENV === 'production';
const watch = args.has('--watch');

/** Native modules: never bundled; loaded (if ever) from node_modules at run time. */
const NATIVE = ['@resvg/resvg-js'];

/**
 * The server's main thread uses layout.ts's pure helpers (shapeKey, restyle)
 * but lays nothing out itself: ELK runs in dist/layout-worker.js. Loading the
 * bundled ELK takes ~120 ms, so in the server and CLI bundles it is loaded on
 * first use (`new ELK()`) instead of when the bundle starts.
 */
const lazyElk = {
  name: 'lazy-elk',
  setup(build) {
    build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, (args) =>
      args.namespace === 'lazy-elk' ? undefined : { path: 'elk.bundled.js', namespace: 'lazy-elk' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-elk' }, () => ({
      contents:
        "module.exports = function LazyELK(options) { const ELK = require('elkjs/lib/elk.bundled.js'); return new ELK(options); };",
      resolveDir: root,
      loader: 'js',
    }));
  },
};

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: true,
  minify: production,
  // Keep the language core's class names readable in stack traces even when minified.
  keepNames: true,
  metafile: true,
  logLevel: 'silent',
};

/** The webview pages' scripts: the preview, and the fences in VS Code's Markdown preview. */
const browser = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['chrome114'],
  sourcemap: true,
  minify: production,
  metafile: true,
  logLevel: 'silent',
};

/** @type {{ name: string, entry: string, options: import('esbuild').BuildOptions }[]} */
const targets = [
  {
    name: 'extension',
    entry: 'client/src/extension.ts',
    options: { ...node, outfile: 'dist/extension.js', external: ['vscode'] },
  },
  {
    name: 'server',
    entry: 'server/src/lsp/main.ts',
    options: { ...node, outfile: 'dist/server.js', external: ['vscode', ...NATIVE] },
    plugins: [lazyElk],
  },
  {
    name: 'cli',
    entry: 'server/src/cli.ts',
    options: { ...node, outfile: 'dist/cli.js', external: ['vscode', ...NATIVE] },
    plugins: [lazyElk],
  },
  {
    // Started from the same folder by server/src/diagram/layout-runner.ts (the server's preview and `sysdesign render`).
    name: 'layout-worker',
    entry: 'server/src/diagram/layout-worker.ts',
    options: { ...node, outfile: 'dist/layout-worker.js', external: ['vscode', ...NATIVE] },
  },
  {
    // Started by the server (and `sysdesign lsp`) from the same folder, one per run: server/src/lsp/simulation.ts.
    name: 'sim-worker',
    entry: 'server/src/lsp/sim-worker.ts',
    options: { ...node, outfile: 'dist/sim-worker.js', external: ['vscode', ...NATIVE] },
  },
  {
    // Started by `sysdesign simulate --replications N` from the same folder, one per replication: server/src/sim/replications.ts.
    name: 'replication-worker',
    entry: 'server/src/sim/replication-worker.ts',
    options: { ...node, outfile: 'dist/replication-worker.js', external: ['vscode', ...NATIVE] },
  },
  { name: 'webview', entry: 'client/webview/main.ts', options: { ...browser, outfile: 'dist/webview/main.js' } },
  // Drawn in VS Code's Markdown preview: docs/markdown.md.
  { name: 'markdown-preview', entry: 'client/webview/markdown-preview.ts', options: { ...browser, outfile: 'dist/webview/markdown-preview.js' } },
  {
    name: 'markdown-preview-css',
    entry: 'client/webview/markdown-preview.css',
    options: {
      bundle: true,
      minify: production,
      metafile: true,
      logLevel: 'silent',
      outfile: 'dist/webview/markdown-preview.css',
    },
  },
  {
    name: 'webview-css',
    entry: 'client/webview/preview.css',
    options: {
      bundle: true,
      minify: production,
      metafile: true,
      logLevel: 'silent',
      outfile: 'dist/webview/preview.css',
    },
  },
];

/** Files shipped as they are. */
const COPIES = [{ from: 'node_modules/@resvg/resvg-wasm/index_bg.wasm', to: 'dist/resvg.wasm' }];

function copyFiles() {
  for (const { from, to } of COPIES) {
    const source = path.join(root, from);
    if (!existsSync(source)) {
      console.warn(`warning: ${from} is missing; ${to} is not built (PNG export in the editor needs it)`);
      continue;
    }
    mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
    copyFileSync(source, path.join(root, to));
    console.log(`${to.padEnd(22)} ${kB(statSync(path.join(root, to)).size).padStart(10)}  copied`);
  }
}

function kB(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

function printMessages(kind, messages) {
  if (messages.length === 0) return;
  const formatted = esbuild.formatMessagesSync(messages, { kind, color: process.stderr.isTTY });
  for (const m of formatted) process.stderr.write(m);
}

/** The .vsix has no node_modules: a bundle shipped in it must not load a native module when it starts. */
function checkNativeImports(target, metafile) {
  if (target.name !== 'server' && target.name !== 'extension' && target.name !== 'layout-worker' && target.name !== 'sim-worker') return;
  const out = metafile.outputs[target.options.outfile];
  const native = (out?.imports ?? []).filter((i) => i.external && NATIVE.includes(i.path));
  for (const i of native) {
    console.warn(
      `warning: ${target.options.outfile} requires ${i.path} when it loads; the .vsix does not ship node_modules, ` +
        `so load it lazily (require() inside the function that needs it) or keep it out of this bundle.`,
    );
  }
}

function report(target, result, ms) {
  printMessages('warning', result.warnings);
  const size = statSync(path.join(root, target.options.outfile)).size;
  console.log(`${target.options.outfile.padEnd(22)} ${kB(size).padStart(10)}  ${ms} ms${production ? '  (production)' : ''}`);
  checkNativeImports(target, result.metafile);
}

/** Logs in the format of the esbuild problem matcher (connor4312.esbuild-problem-matchers). */
function watchLogger(target) {
  return {
    name: 'watch-logger',
    setup(build) {
      let t0 = 0;
      build.onStart(() => {
        t0 = Date.now();
        console.log(`[watch] build started (${target.name})`);
      });
      build.onEnd((result) => {
        for (const { text, location } of result.errors) {
          console.error(`✘ [ERROR] ${text}`);
          if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
        if (result.errors.length === 0) report(target, result, Date.now() - t0);
        console.log(`[watch] build finished (${target.name})`);
      });
    },
  };
}

async function main() {
  const present = [];
  for (const target of targets) {
    if (existsSync(path.join(root, target.entry))) present.push(target);
    else console.log(`skip ${target.name}: ${target.entry} does not exist yet`);
  }
  copyFiles();
  const optionsFor = (target) => ({
    ...target.options,
    absWorkingDir: root,
    entryPoints: [target.entry],
    plugins: [...(target.plugins ?? []), ...(watch ? [watchLogger(target)] : [])],
  });

  if (watch) {
    for (const target of present) {
      const ctx = await esbuild.context(optionsFor(target));
      await ctx.watch();
    }
    console.log('[watch] watching for changes (Ctrl+C to stop)');
    return;
  }

  const results = await Promise.allSettled(
    present.map(async (target) => {
      const t0 = Date.now();
      const result = await esbuild.build(optionsFor(target));
      report(target, result, Date.now() - t0);
    }),
  );
  let failed = 0;
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') return;
    failed++;
    const err = r.reason;
    if (err && Array.isArray(err.errors)) printMessages('error', err.errors);
    else console.error(err);
    console.error(`✘ ${present[i].name}: bundling ${present[i].entry} failed`);
  });
  if (failed > 0) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
