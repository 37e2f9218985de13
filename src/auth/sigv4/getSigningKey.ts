import { createHmac } from 'node:crypto';

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

const MAX_ENTRIES = 512;
/**
 * Derived keys by (date, region, service, secret). The key lives only in this process's memory, as the
 * credential cache's secrets do; it is never logged or returned. Insertion order of a Map gives a cheap LRU.
 */
const cache = new Map<string, Buffer>();

/**
 * The SigV4 signing key: HMAC chain "AWS4"+secret → date → region → service → "aws4_request".
 */
export function getSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const id = `${date}\0${region}\0${service}\0${secret}`;
  const hit = cache.get(id);
  if (hit) {
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const key = hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
  cache.set(id, key);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return key;
}

/** For tests: how many derived keys are cached. */
export const signingKeyCacheSize = (): number => cache.size;
