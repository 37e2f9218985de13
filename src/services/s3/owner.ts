/** S3's canonical user id for an account (64 hex characters, stable) and the Owner element. */
import { createHash } from 'node:crypto';
import type { XmlChildren } from '../../protocol/restxml/encode.js';

export const canonicalUserId = (accountId: string) => createHash('sha256').update(`tessera-canonical-user:${accountId}`).digest('hex');

export const ownerXml = (accountId: string): XmlChildren => [
  ['ID', canonicalUserId(accountId)],
  ['DisplayName', accountId],
];
