/**
 * The ACL a request asks for — x-amz-acl, x-amz-grant-* or an AccessControlPolicy body — and its condition
 * keys (s3:x-amz-acl, s3:x-amz-grant-*, present only when sent).
 */
import type { RequestContextValues } from '../../../authz/context.js';
import { ServiceError } from '../../../core/errors.js';
import { listOf, parseXmlDocument, textOf, type XmlNode } from '../../../protocol/restxml/parse.js';
import { S3Errors } from '../errors.js';
import { canonicalUserId } from '../owner.js';
import {
  cannedGrants,
  checkGroup,
  GRANT_HEADERS,
  parseCannedAcl,
  parseGrantHeader,
  PERMISSIONS,
  type CannedAcl,
  type Grant,
  type NamedGrant,
  type Permission,
} from './model.js';

/** What a request asks for: a canned ACL or explicit grants. */
export type AclRequest = { canned: CannedAcl } | { grants: NamedGrant[] };

type HeaderOf = (name: string) => string | undefined;

export const aclErrors = {
  notSupported: () => new ServiceError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400),
  byEmail: () =>
    new ServiceError('UnresolvableGrantByEmailAddress', 'The e-mail address you provided does not match any account on record.', 400),
  malformed: () =>
    new ServiceError('MalformedACLError', 'The XML you provided was not well-formed or did not validate against our published schema', 400),
  cannedAndGrants: () => S3Errors.invalidRequest('Specifying both Canned ACLs and Header Grants is not allowed'),
  invalidId: (id: string) => S3Errors.invalidArgument('Invalid id', 'CanonicalUser/ID', id),
};

/** The ACL headers of a request; undefined when it sends none. */
export function aclFromHeaders(header: HeaderOf): AclRequest | undefined {
  const canned = header('x-amz-acl');
  const grants: NamedGrant[] = [];
  let anyGrant = false;
  for (const name of Object.keys(GRANT_HEADERS)) {
    const v = header(name);
    if (v === undefined) continue;
    anyGrant = true;
    grants.push(...parseGrantHeader(name, v));
  }
  if (canned !== undefined && anyGrant) throw aclErrors.cannedAndGrants();
  if (canned !== undefined) return { canned: parseCannedAcl(canned.trim()) };
  return anyGrant ? { grants } : undefined;
}

/** The condition keys of the ACL headers the request sends. */
export function aclContext(header: HeaderOf): RequestContextValues {
  const c: RequestContextValues = {};
  for (const name of ['x-amz-acl', ...Object.keys(GRANT_HEADERS)]) {
    const v = header(name);
    if (v !== undefined) c[`s3:${name}`] = v;
  }
  return c;
}

/** An AccessControlPolicy document (PutBucketAcl, PutObjectAcl). */
export function aclFromXml(text: string): AclRequest {
  let doc: XmlNode;
  try {
    doc = parseXmlDocument(text, 'AccessControlPolicy');
  } catch {
    throw aclErrors.malformed();
  }
  const list = doc['AccessControlList'];
  const grants: NamedGrant[] = [];
  for (const g of listOf(typeof list === 'object' && !Array.isArray(list) ? list : undefined, 'Grant')) {
    const permission = textOf(g, 'Permission')?.trim() as Permission | undefined;
    const grantee = g['Grantee'];
    if (!permission || !PERMISSIONS.includes(permission) || typeof grantee !== 'object' || Array.isArray(grantee)) throw aclErrors.malformed();
    const id = textOf(grantee, 'ID')?.trim();
    const uri = textOf(grantee, 'URI')?.trim();
    const email = textOf(grantee, 'EmailAddress')?.trim();
    if (id) grants.push({ grantee: { id }, permission });
    else if (uri) grants.push({ grantee: { group: checkGroup(uri) }, permission });
    else if (email) grants.push({ grantee: { email }, permission });
    else throw aclErrors.malformed();
  }
  return { grants };
}

/**
 * The grants a request's ACL stands for, canonical user ids resolved against the known accounts
 * (`accounts`); an e-mail grantee is AWS's UnresolvableGrantByEmailAddress (Tessera's accounts have none).
 */
export function resolveAcl(
  req: AclRequest,
  owner: string,
  bucketOwner: string,
  target: 'bucket' | 'object',
  accounts: readonly string[],
): Grant[] {
  if ('canned' in req) return cannedGrants(req.canned, owner, bucketOwner, target);
  const byId = new Map(accounts.map((a) => [canonicalUserId(a), a]));
  return req.grants.map((g) => {
    const gr = g.grantee;
    if ('email' in gr) throw aclErrors.byEmail();
    if ('group' in gr) return { grantee: { group: gr.group }, permission: g.permission };
    const account = byId.get(gr.id.toLowerCase());
    if (!account) throw aclErrors.invalidId(gr.id);
    return { grantee: { account }, permission: g.permission };
  });
}

/** The canned ACLs S3 accepts while ACLs are disabled (BucketOwnerEnforced). */
export const allowedWithAclsDisabled = (req: AclRequest, grants: readonly Grant[], bucketOwner: string) =>
  'canned' in req
    ? req.canned === 'bucket-owner-full-control' || req.canned === 'private'
    : grants.every((g) => 'account' in g.grantee && g.grantee.account === bucketOwner && g.permission === 'FULL_CONTROL');

/** PutBucketAcl / PutObjectAcl: the headers or the body, not both, and one of them. */
export async function aclOfPutAcl(header: HeaderOf, readBody: () => Promise<Buffer>): Promise<AclRequest> {
  const fromHeaders = aclFromHeaders(header);
  const body = (await readBody()).toString('utf8').trim();
  if (fromHeaders && body) throw new ServiceError('UnexpectedContent', 'This request does not support content', 400);
  if (fromHeaders) return fromHeaders;
  if (!body) throw new ServiceError('MissingSecurityHeader', 'Your request was missing a required header', 400, { extra: { MissingHeaderName: 'x-amz-acl' } });
  return aclFromXml(body);
}
