/**
 * Object Ownership (AWS: "Controlling ownership of objects and disabling ACLs"): BucketOwnerEnforced (ACLs
 * disabled, S3's default for new buckets), BucketOwnerPreferred, ObjectWriter. A bucket without ownership
 * controls behaves as ObjectWriter.
 */
import { ServiceError } from '../../core/errors.js';
import { xmlDocument } from '../../protocol/restxml/encode.js';
import { listOf, parseXmlDocument, textOf, type XmlNode } from '../../protocol/restxml/parse.js';
import type { S3BucketsTable } from '../../store/schema-s3.js';
import { S3Errors } from './errors.js';

export const OWNERSHIPS = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];
export const DEFAULT_OWNERSHIP: Ownership = 'BucketOwnerEnforced';

export const ownershipErrors = {
  notFound: (bucket: string) =>
    new ServiceError('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', 404, { extra: { BucketName: bucket } }),
};

export function parseOwnership(value: string, argument = 'x-amz-object-ownership'): Ownership {
  if (!(OWNERSHIPS as readonly string[]).includes(value)) throw S3Errors.invalidArgument('Invalid Object Ownership value', argument, value);
  return value as Ownership;
}

/** <OwnershipControls><Rule><ObjectOwnership>…</ObjectOwnership></Rule></OwnershipControls>: exactly one rule. */
export function parseOwnershipControls(text: string): Ownership {
  const doc = parseXmlDocument(text, 'OwnershipControls');
  const rules = listOf(doc, 'Rule');
  if (rules.length !== 1) throw S3Errors.malformedXml();
  const v = textOf(rules[0] as XmlNode, 'ObjectOwnership')?.trim();
  if (v === undefined) throw S3Errors.malformedXml();
  return parseOwnership(v, 'ObjectOwnership');
}

export const ownershipXml = (o: Ownership) => xmlDocument('OwnershipControls', [['Rule', [['ObjectOwnership', o]]]]);

/** ACLs take part in authorization unless the bucket enforces bucket-owner ownership. */
export const aclsEnabled = (b: Pick<S3BucketsTable, 'object_ownership'>) => b.object_ownership !== 'BucketOwnerEnforced';
