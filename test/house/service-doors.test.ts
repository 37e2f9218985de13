/**
 * One door per service: a file under src/services/<A>/ (or src/console/) may import from another service
 * src/services/<B>/ only through that service's door, src/services/<B>/api.ts (type imports included).
 * Everything else in a service is its own business and can change without touching its neighbours.
 * The server's wiring (src/server/) and the store are not services and may import what they assemble.
 */
import assert from 'node:assert/strict';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { importedFiles, readSource, sourceFiles, SRC } from './sourceImports.js';

const SERVICES = join(SRC, 'services');

/** Deliberate exceptions, "importer → imported" (paths relative to src/), each with its reason. None today. */
const EXCEPTIONS = new Map<string, string>([]);

/** The area a source file belongs to: 'services/<name>', 'console', or undefined (not a service). */
function area(file: string): string | undefined {
  const rel = relative(SRC, file).split(sep);
  if (rel[0] === 'console') return 'console';
  if (rel[0] === 'services' && rel.length > 2) return `services/${rel[1]}`;
  return undefined;
}

/** Imports that cross into another service other than through its api.ts, as "importer → imported". */
export function doorViolations(files: Array<{ file: string; text: string }>): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    const from = area(file);
    if (!from) continue;
    for (const target of importedFiles(file, text)) {
      const to = area(target);
      if (!to || to === from || !to.startsWith('services/')) continue;
      if (target === join(SRC, to, 'api.ts')) continue;
      const edge = `${relative(SRC, file)} → ${relative(SRC, target)}`;
      if (!EXCEPTIONS.has(edge)) out.push(edge);
    }
  }
  return out;
}

test('services import each other only through src/services/<name>/api.ts', () => {
  const files = sourceFiles().map((file) => ({ file, text: readSource(file) }));
  assert.ok(files.length > 300, `read ${files.length} source files`);
  const throughDoors = files.filter(({ file, text }) => area(file) && /from '(\.\.\/)+(services\/)?[a-z]+\/api\.js'/.test(text));
  assert.ok(throughDoors.length >= 10, `found ${throughDoors.length} files that use another service through its door`);
  assert.deepEqual(doorViolations(files), []);
});

test('the door check catches an import past the door (so the test above can fail)', () => {
  const file = join(SERVICES, 'sts', 'x.ts');
  assert.deepEqual(
    doorViolations([{ file, text: "import { getRole } from '../iam/roles.js';\nimport type { X } from '../iam/api.js';" }]),
    ['services/sts/x.ts → services/iam/roles.ts'],
  );
  assert.deepEqual(
    doorViolations([{ file: join(SRC, 'console', 'y.ts'), text: "import { a } from '../services/sts/session.js';" }]),
    ['console/y.ts → services/sts/session.ts'],
  );
  assert.deepEqual(doorViolations([{ file, text: "import { b } from './session.js';" }]), []);
});
