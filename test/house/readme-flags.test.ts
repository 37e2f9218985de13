/**
 * README truth: every flag of `tessera serve` (its --help, and the options it hides there) and every
 * TESSERA_* environment variable the source reads is in one of README.md's tables — a user who reads only
 * the README knows every knob there is.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoRoot, tesseraBin } from '../helpers/server.js';
import { readSource, sourceFiles, SRC } from './sourceImports.js';

/** The `--flags` a help text lists. */
export const helpFlags = (help: string): string[] => [...new Set([...help.matchAll(/(?:^|[\s,])(--[a-z][a-z0-9-]*)/gm)].map((m) => m[1]!))];

/** Options declared but hidden from --help: `new Option('--x ...', ...).hideHelp()`. */
export const hiddenFlags = (source: string): string[] => [...source.matchAll(/new Option\(\s*'(--[a-z][a-z0-9-]*)[^']*'[^)]*\)\s*\.hideHelp\(\)/g)].map((m) => m[1]!);

/** TESSERA_* names a source text mentions. */
export const envVars = (source: string): string[] => [...new Set(source.match(/\bTESSERA_[A-Z0-9_]+\b/g) ?? [])];

/** What the README's tables (lines starting with '|') do not name, as "--flag" / "TESSERA_X". */
export function missingFromTables(readme: string, flags: string[], vars: string[]): string[] {
  const rows = readme.split('\n').filter((l) => l.trimStart().startsWith('|'));
  const inRows = (re: RegExp) => rows.some((r) => re.test(r));
  const esc = (s: string) => s.replace(/[-]/g, '\\-');
  return [
    ...flags.filter((f) => !inRows(new RegExp('`' + esc(f) + '(?![a-z0-9-])'))),
    ...vars.filter((v) => !inRows(new RegExp('`' + v + '`'))),
  ];
}

function serveHelp(): string {
  const r = spawnSync(process.execPath, [tesseraBin, 'serve', '--help'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test("README.md's tables name every `serve` flag and every TESSERA_* variable the source reads", () => {
  // --help is every command's (the README says so once, in prose).
  const flags = helpFlags(serveHelp()).filter((f) => f !== '--help');
  assert.ok(flags.includes('--port') && flags.includes('--database'), `serve --help was read: ${flags.join(' ')}`);
  const files = sourceFiles().filter((f) => !f.endsWith('.test.ts'));
  const cli = files.filter((f) => relative(SRC, f).startsWith('cli'));
  const hidden = cli.flatMap((f) => hiddenFlags(readSource(f)));
  assert.ok(hidden.includes('--unsafe-clock-offset'), 'hidden options were read');
  const vars = [...new Set(files.flatMap((f) => envVars(readSource(f))))].sort();
  assert.ok(vars.includes('TESSERA_PORT') && vars.length > 15, `the source was read: ${vars.join(' ')}`);
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  assert.deepEqual(missingFromTables(readme, [...flags, ...hidden], vars), []);
});

test('the rule finds what is missing: a flag only in prose, a variable not in any table, a longer flag', () => {
  const readme = ['# T', 'Use `--port` and `TESSERA_S3_DOMAIN` in prose.', '| `--port-range` | `TESSERA_PORT` | 1 |', '| `--memory` | | off |'].join('\n');
  assert.deepEqual(missingFromTables(readme, ['--port', '--memory'], ['TESSERA_PORT', 'TESSERA_S3_DOMAIN']), ['--port', 'TESSERA_S3_DOMAIN']);
  assert.deepEqual(helpFlags('  --host <host>  listen (env X)\n  -h, --help  help\n  --memory'), ['--host', '--help', '--memory']);
  assert.deepEqual(hiddenFlags(".addOption(new Option('--unsafe-x <s>', 'TEST ONLY').hideHelp())\n.addOption(new Option('--log <f>', 'x').choices(['a']))"), ['--unsafe-x']);
  assert.deepEqual(envVars('env.TESSERA_A ?? process.env.TESSERA_B_2; // TESSERA_A'), ['TESSERA_A', 'TESSERA_B_2']);
});
