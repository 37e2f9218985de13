import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from './config.js';

test('the console listener: default 4567, any free port with --port 0, off, and its host and public origin', () => {
  assert.equal(resolveConfig({}, {}).consolePort, 4567);
  assert.equal(resolveConfig({ port: '0' }, {}).consolePort, 0);
  assert.equal(resolveConfig({ port: '0', consolePort: '5000' }, {}).consolePort, 5000);
  assert.equal(resolveConfig({}, { TESSERA_CONSOLE_PORT: 'off' }).consolePort, 'off');
  assert.equal(resolveConfig({ consolePort: '4600' }, { TESSERA_CONSOLE_PORT: 'off' }).consolePort, 4600, 'flags win');
  assert.throws(() => resolveConfig({ consolePort: '4566' }, {}), /must differ from --port/);
  assert.throws(() => resolveConfig({ port: '4567' }, {}), /console's default port/);
  assert.equal(resolveConfig({ port: '4567', consolePort: '4568' }, {}).consolePort, 4568);
  for (const bad of ['-1', '65536', 'abc', '1.5']) assert.throws(() => resolveConfig({ consolePort: bad }, {}), /invalid --console-port/, bad);
  assert.equal(resolveConfig({ host: '0.0.0.0' }, {}).consoleHost, '0.0.0.0');
  assert.equal(resolveConfig({ host: '0.0.0.0' }, { TESSERA_CONSOLE_HOST: '127.0.0.1' }).consoleHost, '127.0.0.1');
  assert.equal(resolveConfig({}, {}).consoleUrl, undefined);
  assert.equal(resolveConfig({ consoleUrl: 'https://Console.Example.com/' }, {}).consoleUrl, 'https://console.example.com');
  assert.equal(resolveConfig({}, { TESSERA_CONSOLE_URL: 'http://127.0.0.1:8080' }).consoleUrl, 'http://127.0.0.1:8080');
  for (const bad of ['console.example.com', 'ftp://x.example', 'https://x.example/console', 'https://u:p@x.example', 'https://x.example/?a=1']) {
    assert.throws(() => resolveConfig({ consoleUrl: bad }, {}), /console-url/, bad);
  }
});

test('the test clock: off by default; --test-clock or TESSERA_TEST_CLOCK=1 turn it on; other values refused', () => {
  assert.equal(resolveConfig({}, {}).testClock, false);
  assert.equal(resolveConfig({ testClock: true }, {}).testClock, true);
  for (const on of ['1', 'true', 'TRUE']) assert.equal(resolveConfig({}, { TESSERA_TEST_CLOCK: on }).testClock, true, on);
  for (const off of ['', '0', 'false']) assert.equal(resolveConfig({}, { TESSERA_TEST_CLOCK: off }).testClock, false, off);
  assert.throws(() => resolveConfig({}, { TESSERA_TEST_CLOCK: 'yes please' }), /invalid TESSERA_TEST_CLOCK/);
  assert.equal(resolveConfig({ unsafeClockOffset: '90' }, {}).unsafeClockOffsetMs, 90_000);
});

test('a request timeout shorter than the headers timeout is also the headers limit (serve starts; Node refuses the other order)', () => {
  assert.deepEqual([resolveConfig({}, {}).headersTimeoutMs, resolveConfig({}, {}).requestTimeoutMs], [20_000, 300_000]);
  const short = resolveConfig({ requestTimeout: '5' }, {});
  assert.deepEqual([short.headersTimeoutMs, short.requestTimeoutMs], [5_000, 5_000]);
  const unlimited = resolveConfig({ requestTimeout: '0' }, {});
  assert.deepEqual([unlimited.headersTimeoutMs, unlimited.requestTimeoutMs], [20_000, 0]);
  assert.throws(() => resolveConfig({ requestTimeout: '-1' }, {}), /invalid --request-timeout/);
});

test('the object store timeout: 60 s by default; --object-store-timeout or TESSERA_OBJECT_STORE_TIMEOUT; below 1 s refused', () => {
  assert.equal(resolveConfig({}, {}).objectStoreTimeoutMs, 60_000);
  assert.equal(resolveConfig({}, { TESSERA_OBJECT_STORE_TIMEOUT: '' }).objectStoreTimeoutMs, 60_000);
  assert.equal(resolveConfig({}, { TESSERA_OBJECT_STORE_TIMEOUT: '5' }).objectStoreTimeoutMs, 5_000);
  assert.equal(resolveConfig({ objectStoreTimeout: '2.5' }, { TESSERA_OBJECT_STORE_TIMEOUT: '5' }).objectStoreTimeoutMs, 2_500, 'the flag wins');
  for (const bad of ['0', '-1', 'abc', '86401']) assert.throws(() => resolveConfig({ objectStoreTimeout: bad }, {}), /invalid --object-store-timeout/, bad);
});
