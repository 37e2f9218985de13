#!/usr/bin/env node
// `npm run bench`: every benchmark, side by side in ONE run, printing figures and ratios.
// `npm run bench -- foundation policy` runs only the named sections.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const sections = [
  ['foundation', join(here, 'bench', 'foundation.mjs')],
  ['policy', join(here, 'bench-policy.mjs')],
  ['iam', join(here, 'bench-iam.mjs')],
  ['usage', join(here, 'bench-usage.mjs')],
  ['sts', join(here, 'bench-sts.mjs')],
  ['s3', join(here, 'bench-s3.mjs')],
  ['scale', join(here, 'bench-scale.mjs')],
  ['console', join(here, 'bench-console.mjs')],
  ['audit', join(here, 'bench-audit.mjs')],
  ['baseline', join(here, 'bench', 'baseline.mjs')],
  ['nodes', join(here, 'bench', 'nodes.mjs')],
];
const wanted = process.argv.slice(2);
console.log(`# Tessera benchmarks — ${new Date().toISOString()} — node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
let failed = 0;
for (const [name, file] of sections) {
  if (wanted.length && !wanted.includes(name)) continue;
  if (!existsSync(file)) continue;
  console.log(`\n# ${name}`);
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
