import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Exchange } from '../server/exchange.js';
import type { ConsoleSession } from '../services/signin/api.js';
import { csrfToken, foreignPageFetch, foreignRequest, hasCsrfToken } from './csrf.js';

const ex = (headers: [string, string][]) => ({ headers }) as unknown as Exchange;
const session = (id: string, secret: string) => ({ row: { id }, credentials: { secretAccessKey: secret } }) as unknown as ConsoleSession;
const OWN = 'http://127.0.0.1:4567';

test('foreignRequest: a present Origin must be the console\'s, a present Sec-Fetch-Site must be same-origin', () => {
  assert.equal(foreignRequest(ex([]), OWN), undefined);
  assert.equal(foreignRequest(ex([['Origin', OWN], ['Sec-Fetch-Site', 'same-origin']]), OWN), undefined);
  for (const origin of ['http://127.0.0.1:4566', 'null', 'http://127.0.0.1:4567.evil.example', 'https://127.0.0.1:4567']) {
    assert.match(foreignRequest(ex([['Origin', origin]]), OWN)!, /another origin/, origin);
  }
  for (const site of ['same-site', 'cross-site', 'none']) assert.match(foreignRequest(ex([['sec-fetch-site', site]]), OWN)!, new RegExp(site), site);
});

test('foreignPageFetch: navigations and same-origin requests are fine; cross-origin fetches of a page are not', () => {
  assert.equal(foreignPageFetch(ex([])), undefined);
  assert.equal(foreignPageFetch(ex([['sec-fetch-site', 'cross-site'], ['sec-fetch-mode', 'navigate']])), undefined);
  assert.equal(foreignPageFetch(ex([['sec-fetch-site', 'same-origin'], ['sec-fetch-mode', 'cors']])), undefined);
  assert.ok(foreignPageFetch(ex([['sec-fetch-site', 'same-site'], ['sec-fetch-mode', 'cors']])));
  assert.ok(foreignPageFetch(ex([['sec-fetch-site', 'cross-site'], ['sec-fetch-mode', 'no-cors']])));
});

test('the token depends on the session id and its secret; only the exact token passes', () => {
  const a = session('sid-a', 'secret-a');
  const t = csrfToken(a);
  assert.match(t, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(csrfToken(session('sid-a', 'secret-a')), t, 'every process computes the same token');
  assert.notEqual(csrfToken(session('sid-b', 'secret-a')), t);
  assert.notEqual(csrfToken(session('sid-a', 'secret-b')), t);
  assert.ok(hasCsrfToken(ex([['X-Tessera-Csrf', t]]), a));
  assert.ok(!hasCsrfToken(ex([]), a));
  assert.ok(!hasCsrfToken(ex([['x-tessera-csrf', t.slice(0, -1)]]), a));
  assert.ok(!hasCsrfToken(ex([['x-tessera-csrf', t + 'x'.repeat(200)]]), a));
});
