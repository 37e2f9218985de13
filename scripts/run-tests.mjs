#!/usr/bin/env node
// Runs every compiled test file (dist/**/*.test.js) with node's own test runner.
// `npm test` compiles first (pretest), so the tests exercise exactly the code `tessera serve` runs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = [...collect('dist/src', []), ...collect('dist/test', [])].sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files found under dist/');
  process.exit(1);
}
const args = ['--enable-source-maps', '--test', '--test-reporter=spec', ...files];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env } });
process.exit(r.status ?? 1);
