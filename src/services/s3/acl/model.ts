/**
 * S3 access control lists as data: canned ACLs, x-amz-grant-* headers and the AccessControlPolicy body
 * become a list of grants (AWS's "Access control list (ACL) overview"). Pure: no I/O.
 */
import { S3Errors } from '../errors.js';

export type Permission = 'FULL_CONTROL' | 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP';
export const PERMISSIONS: readonly Permission[] = ['FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP'];

const GROUPS = 'http://acs.amazonaws.com/groups/';
export const ALL_USERS = `${GROUPS}global/AllUsers`;
export const AUTHENTICATED_USERS = `${GROUPS}global/AuthenticatedUsers`;
export const LOG_DELIVERY = `${GROUPS}s3/LogDelivery`;
const KNOWN_GROUPS = new Set([ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY]);

/** A grantee: an account (shown as its canonical user id) or one of S3's predefined groups. */
export type Grantee = { account: string } | { group: string };
export interface Grant {
  grantee: Grantee;
  permission: Permission;
}

/** A grantee as the request names it, before canonical ids are resolved to accounts. */
export type NamedGrantee = { id: string } | { group: string } | { email: string };
export interface NamedGrant {
  grantee: NamedGrantee;
  permission: Permission;
}

export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
  'log-delivery-write',
] as const;
export type CannedAcl = (typeof CANNED_ACLS)[number];

export const GRANT_HEADERS: Record<string, Permission> = {
  'x-amz-grant-full-control': 'FULL_CONTROL',
  'x-amz-grant-read': 'READ',
  'x-amz-grant-write': 'WRITE',
  'x-amz-grant-read-acp': 'READ_ACP',
  'x-amz-grant-write-acp': 'WRITE_ACP',
};

export function parseCannedAcl(value: string): CannedAcl {
  if (!(CANNED_ACLS as readonly string[]).includes(value)) throw S3Errors.invalidArgument('', 'x-amz-acl', value);
  return value as CannedAcl;
}

/**
 * The grants of a canned ACL for a resource owned by `owner` in a bucket owned by `bucketOwner`
 * (bucket-owner-* add the bucket owner on objects only).
 */
export function cannedGrants(acl: CannedAcl, owner: string, bucketOwner: string, target: 'bucket' | 'object'): Grant[] {
  const grants: Grant[] = [{ grantee: { account: owner }, permission: 'FULL_CONTROL' }];
  const group = (g: string, ...ps: Permission[]) => ps.forEach((permission) => grants.push({ grantee: { group: g }, permission }));
  switch (acl) {
    case 'public-read':
      group(ALL_USERS, 'READ');
      break;
    case 'public-read-write':
      group(ALL_USERS, 'READ', 'WRITE');
      break;
    case 'authenticated-read':
      group(AUTHENTICATED_USERS, 'READ');
      break;
    case 'log-delivery-write':
      group(LOG_DELIVERY, 'WRITE', 'READ_ACP');
      break;
    case 'bucket-owner-read':
    case 'bucket-owner-full-control':
      if (target === 'object' && bucketOwner !== owner) {
        grants.push({ grantee: { account: bucketOwner }, permission: acl === 'bucket-owner-read' ? 'READ' : 'FULL_CONTROL' });
      }
      break;
    default:
      break;
  }
  return grants;
}

/** One x-amz-grant-* header: `id="...", uri="...", emailAddress="..."`, comma separated. */
export function parseGrantHeader(header: string, value: string): NamedGrant[] {
  const permission = GRANT_HEADERS[header]!;
  const out: NamedGrant[] = [];
  for (const part of value.split(',')) {
    const item = part.trim();
    if (!item) continue;
    const m = /^([A-Za-z]+)\s*=\s*"?([^"]*)"?$/.exec(item);
    if (!m) throw S3Errors.invalidArgument('Argument format not recognized', header, value);
    const type = m[1]!.toLowerCase();
    const v = m[2]!.trim();
    if (type === 'id') out.push({ grantee: { id: v }, permission });
    else if (type === 'uri') out.push({ grantee: { group: checkGroup(v) }, permission });
    else if (type === 'emailaddress') out.push({ grantee: { email: v }, permission });
    else throw S3Errors.invalidArgument('Argument format not recognized', header, value);
  }
  return out;
}

export function checkGroup(uri: string): string {
  if (!KNOWN_GROUPS.has(uri)) throw S3Errors.invalidArgument('Invalid group uri', 'uri', uri);
  return uri;
}

export const isPublicGrant = (g: Grant) => 'group' in g.grantee && (g.grantee.group === ALL_USERS || g.grantee.group === AUTHENTICATED_USERS);

