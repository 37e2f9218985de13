/**
 * One store interface: outside src/store/, no source file reaches the database itself — no import of the
 * query builder (kysely), no SQL driver, and no use of the store's `db` handle. Services read and write through
 * `store.repos` (src/store/repos/) and `store.transaction(repos => ...)`. Test files of src/store are inside
 * the store; other tests follow the same rule.
 */
import assert from 'node:assert/strict';
import { relative, sep } from 'node:path';
import { test } from 'node:test';
import { readSource, sourceFiles, SRC } from './sourceImports.js';

const DRIVERS = /from\s+['"](kysely|pg|better-sqlite3)['"]|import\(\s*['"](kysely|pg|better-sqlite3)['"]\s*\)/;
/** `.db` as a property read (store.db, deps.store.db, this.store.db), not `.dbx` or a string. */
const DB_HANDLE = /\.\s*db\b(?!\s*[:=][^=])/;

/** Lines outside src/store that reach the database, as "file:line: text". */
export function storeBypasses(files: Array<{ file: string; text: string }>): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    const rel = relative(SRC, file);
    if (rel.split(sep)[0] === 'store') continue;
    text.split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (DRIVERS.test(code) || DB_HANDLE.test(code)) out.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
  }
  return out;
}

test('no query outside src/store: every service goes through store.repos', () => {
  const files = sourceFiles().map((file) => ({ file, text: readSource(file) }));
  assert.ok(files.length > 300, 'the source tree was read');
  assert.deepEqual(storeBypasses(files), []);
});

test('the rule finds a bypass: a kysely import, a store.db query', () => {
  const found = storeBypasses([
    { file: `${SRC}/services/iam/operations/X.ts`, text: "import { sql } from 'kysely';\nawait ctx.deps.store.db.selectFrom('t').execute();\nconst ok = store.repos.entities;" },
    { file: `${SRC}/store/repos/x.ts`, text: "import type { Kysely } from 'kysely';\ndb.selectFrom('t');" },
  ]);
  assert.deepEqual(found, [
    "services/iam/operations/X.ts:1: import { sql } from 'kysely';",
    "services/iam/operations/X.ts:2: await ctx.deps.store.db.selectFrom('t').execute();",
  ]);
});
