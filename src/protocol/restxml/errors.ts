/** S3's error document: <Error><Code/><Message/>...<RequestId/><HostId/></Error>, as bytes to send (never sent here). */
import type { ServiceError } from '../../core/errors.js';
import { element, XML_DECLARATION } from '../xml.js';

export function encodeS3Error(err: ServiceError, requestId: string, hostId: string): string {
  const extra = Object.entries(err.extra ?? {}).map(([k, v]) => element(k, v)).join('');
  return `${XML_DECLARATION}<Error>${element('Code', err.code)}${element('Message', err.message)}${extra}${element('RequestId', requestId)}${element('HostId', hostId)}</Error>`;
}
