#!/usr/bin/env node
// The build: tsc (src/ and test/ → dist/), then the bundle (scripts/bundle.mjs → dist/bundle/, what
// bin/tessera.js runs). `npm run build` and `prepack` always build; `prepare` (npm ci) and `pretest` pass
// --if-stale and build only when dist/bundle/main.js is missing or older than a file it is made from, so
// `npm ci && npm test` compiles once.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const OUTPUT = 'dist/bundle/main.js';
const INPUT_DIRS = ['src', 'test'];
const INPUT_FILES = ['tsconfig.json', 'package.json', 'scripts/bundle.mjs', 'scripts/build.mjs'];

/** The newest modification time among the files the build reads. */
function newestInput() {
  let newest = 0;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(name)) newest = Math.max(newest, s.mtimeMs);
    }
  };
  for (const d of INPUT_DIRS) if (existsSync(d)) walk(d);
  for (const f of INPUT_FILES) if (existsSync(f)) newest = Math.max(newest, statSync(f).mtimeMs);
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(OUTPUT) && statSync(OUTPUT).mtimeMs >= newestInput()) {
  console.log(`build: ${OUTPUT} is up to date`);
  process.exit(0);
}

const run = (args) => {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run([createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.json']);
run(['scripts/bundle.mjs']);
