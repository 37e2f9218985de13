/** Pages of a computed list: the token is the next item's index (opaque to clients, checked on use). */
import { validationException } from '../../protocol/restjson/errors.js';

export function pageOf<T>(all: T[], maxResults: number | undefined, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const m = /^p([0-9]{1,9})$/.exec(nextToken);
    if (!m || Number(m[1]) > all.length) throw validationException('Invalid pagination token', 'other');
    start = Number(m[1]);
  }
  const size = maxResults !== undefined && maxResults > 0 ? maxResults : all.length;
  const end = Math.min(all.length, start + size);
  return { items: all.slice(start, end), nextToken: end < all.length ? `p${end}` : undefined };
}
