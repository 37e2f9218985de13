import { defineS3Operation } from '../operation.js';
import { decodeGet, GetObject } from './GetObject.js';

/** HEAD /bucket/key: GetObject's decode, prepare, checks and probes, and its headers with no body (s3:GetObject). */
export const HeadObject = defineS3Operation({
  ...GetObject,
  name: 'HeadObject',
  route: { method: 'HEAD', target: 'object' },
  decode: decodeGet,
});
