import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseState, StateFileError } from './format.js';

const A = 'accounts:\n  - id: "000000000000"\n';

test('state files: each mistake is refused naming the file and its line', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['accounts:\n  - id: 12345\n', 2, /account id must be 12 digits/],
    ['acounts: []\n', 1, /unknown field "acounts" in the state file/],
    [`${A}    users:\n      - name: a\n        path: nope\n`, 5, /user path must start and end with "\/"/],
    [`${A}    users:\n      - name: a\n        accessKeys: [{ id: AKIA1, secret: s }]\n`, 5, /access key id must be AKIA/],
    [`${A}    users:\n      - name: a\n        accessKeys: [{ id: AKIAABCDEFGHIJKLMNOP, generate: true }]\n`, 5, /either given \(id\) or generated/],
    [`${A}    users:\n      - name: a\n        accessKeys: [{}, {}, {}]\n`, 5, /at most 2 access keys/],
    [`${A}    users:\n      - name: a\n        tags: [x]\n`, 5, /tags must be a mapping/],
    [`${A}    roles:\n      - name: r\n`, 4, /trustPolicy is required/],
    [`${A}    roles:\n      - name: r\n        maxSessionDuration: long\n        trustPolicy: {}\n`, 5, /maxSessionDuration must be an integer/],
    [`${A}    mfaDevices:\n      - { name: m, seed: "not base32!" }\n`, 4, /seed must be base32/],
    [`${A}    buckets:\n      - name: b\n        objects:\n          - { key: k }\n          - { key: k }\n`, 7, /duplicate object key "k"/],
    [`${A}    users:\n      - name: a\n        name: b\n`, 5, /Map keys must be unique/],
    [`${A}    users:\n      - name: [\n`, 5, /./],
    [`${A}  - id: "000000000000"\n`, 3, /duplicate account "000000000000"/],
  ];
  for (const [text, line, message] of cases) {
    assert.throws(
      () => parseState('s.yaml', text),
      (e: unknown) => e instanceof StateFileError && e.line === line && e.message.startsWith(`s.yaml:${line}: `) && message.test(e.message),
      `expected s.yaml:${line} ${message} for:\n${text}`,
    );
  }
});

test('state files: JSON is read too, with its lines; documents are kept as canonical JSON', () => {
  const json = '{\n  "accounts": [\n    {\n      "id": "000000000000",\n      "policies": [{ "name": "p", "document": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:GetObject\\",\\"Resource\\":\\"*\\"}}" }],\n      "users": [{ "name": "u", "colour": 1 }]\n    }\n  ]\n}\n';
  assert.throws(() => parseState('s.json', json), /^StateFileError: s\.json:6: unknown field "colour"/);
  const ok = parseState('s.json', json.replace(', "colour": 1', ''));
  assert.equal(ok.accounts[0]!.policies[0]!.document, '{"Statement":{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"},"Version":"2012-10-17"}');
  assert.equal(ok.accounts[0]!.users[0]!.path, '/');
  assert.deepEqual(parseState('empty.yaml', '').accounts, []);
});
