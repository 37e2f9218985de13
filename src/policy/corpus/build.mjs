// Generates the policy-evaluation corpus (*.json beside this file): `node src/policy/corpus/build.mjs`.
// Every expected result in cases/*.mjs is written by hand from the AWS page cited in `source`;
// nothing here calls the engine. The JSON files are the test data; the scripts keep them compact.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { files } from './cases/lib.mjs';
import './cases/evaluation-logic.mjs';
import './cases/cross-account.mjs';
import './cases/conditions.mjs';
import './cases/variables.mjs';
import './cases/principals.mjs';
import './cases/matching.mjs';
import './cases/seeds.mjs';
import './cases/matrix.mjs';
import './cases/parse-errors.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let total = 0;
for (const [name, cases] of Object.entries(files)) {
  writeFileSync(join(here, `${name}.json`), JSON.stringify(cases, null, 1) + '\n');
  total += cases.length;
}
console.log(`${total} cases in ${Object.keys(files).length} files`);
