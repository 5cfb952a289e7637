#!/usr/bin/env node
'use strict';
// Runs the bundled CLI (dist/cli.js, built by esbuild) when it exists, else the
// compiled one (out/server/src/cli.js, built by tsc -b).
const fs = require('fs');
const path = require('path');

const bundled = path.join(__dirname, '..', 'dist', 'cli.js');
const compiled = path.join(__dirname, '..', 'out', 'server', 'src', 'cli.js');
const entry = fs.existsSync(bundled) ? bundled : compiled;

if (!fs.existsSync(entry)) {
  process.stderr.write('sysdesign: the CLI is not built; run "npm run build" first.\n');
  process.exitCode = 2;
} else {
  require(entry)
    .main(process.argv)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err) => {
        process.stderr.write(`sysdesign: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
        process.exitCode = 2;
      },
    );
}
