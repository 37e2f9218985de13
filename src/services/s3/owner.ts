/** S3's canonical user id for an account (64 hex characters, stable) and the Owner element. */
import { createHash } from 'node:crypto';
import type { XmlChildren } from '../../protocol/restxml/encode.js';
import { escapeXml } from '../../protocol/xml.js';

const ids = new Map<string, string>();

/** Remembered per account (a listing names the same few owners on every entry). */
export function canonicalUserId(accountId: string): string {
  let id = ids.get(accountId);
  if (id === undefined) {
    id = createHash('sha256').update(`tessera-canonical-user:${accountId}`).digest('hex');
    if (ids.size >= 10_000) ids.clear();
    ids.set(accountId, id);
  }
  return id;
}

export const ownerXml = (accountId: string): XmlChildren => [
  ['ID', canonicalUserId(accountId)],
  ['DisplayName', accountId],
];

const ownerTexts = new Map<string, string>();

/** A listing entry's whole <Owner> element, remembered per account (a listing's entries name the same few). */
export function ownerElement(accountId: string): string {
  let x = ownerTexts.get(accountId);
  if (x === undefined) {
    x = `<Owner><ID>${canonicalUserId(accountId)}</ID><DisplayName>${escapeXml(accountId)}</DisplayName></Owner>`;
    if (ownerTexts.size >= 10_000) ownerTexts.clear();
    ownerTexts.set(accountId, x);
  }
  return x;
}
