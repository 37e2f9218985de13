#!/usr/bin/env node
// Runs every compiled test file (dist/**/*.test.js) with node's own test runner.
// `npm test` compiles first (pretest), so the tests exercise exactly the code `tessera serve` runs.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
// A second reporter (TAP, to a file) lets this script see skipped tests: under CI=true a skipped test
// fails the run, so a suite that cannot run (no PostgreSQL, a missing tool) never passes silently.
const tapFile = join(mkdtempSync(join(tmpdir(), 'tessera-tap-')), 'results.tap');
const args = [
  '--enable-source-maps',
  '--test',
  '--test-concurrency=2',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tapFile}`,
  ...files,
];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env } });
const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
const [pass, fail, skipped] = [count('pass'), count('fail'), count('skip')];
console.log(`\n${pass} passed, ${fail} failed, ${skipped} skipped`);
if (process.env.CI === 'true' && skipped > 0) {
  console.error(`CI=true: ${skipped} skipped test(s) — every suite must run under CI`);
  process.exit(1);
}
process.exit(r.status ?? 1);
