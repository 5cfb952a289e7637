// `npm run demo`: shows the product working on samples/ the way a new user
// would run it: check every design, estimate one, render each to SVG and PNG
// (out/demo/), and simulate one under its first scenario.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'sysdesign.js');
const outDir = path.join(root, 'out', 'demo');
fs.mkdirSync(outDir, { recursive: true });

let failed = 0;
function step(title, args, { expect = [0] } = {}) {
  console.log(`\n\x1b[1m$ sysdesign ${args.join(' ')}\x1b[0m   # ${title}`);
  const run = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  if (!expect.includes(run.status ?? -1)) {
    failed++;
    console.error(`\x1b[31m✗ exit ${run.status}, expected ${expect.join(' or ')}\x1b[0m`);
  }
}

const samples = fs.readdirSync(path.join(root, 'samples')).filter((f) => f.endsWith('.sysdesign')).sort();

step('lint every sample: a well-made design gets no errors or warnings', ['check', ...samples.map((s) => `samples/${s}`), '--max-warnings', '0']);
step('the review designs each show one problem (exit 1: they have findings)', ['check', 'samples/review'], { expect: [1] });
step('back-of-the-envelope figures and capacity', ['estimate', 'samples/url-shortener.sysdesign']);
for (const sample of samples) {
  const base = path.basename(sample, '.sysdesign');
  step(`draw ${base}`, ['render', `samples/${sample}`, '-o', path.relative(root, path.join(outDir, `${base}.svg`))]);
}
step('a PNG too', ['render', 'samples/online-shop.sysdesign', '-o', path.relative(root, path.join(outDir, 'online-shop.png'))]);
step('run it: three simulated minutes of traffic; the orders primary stops at 1 min and a replica takes over 30 s later', ['simulate', 'samples/online-shop.sysdesign', '--scenario', 'orders_failover', '--duration', '3m']);

console.log(`\nDiagrams written to ${path.relative(process.cwd(), outDir) || outDir}/`);
if (failed) {
  console.error(`\x1b[31m${failed} demo step(s) did not behave as expected.\x1b[0m`);
  process.exit(1);
}
