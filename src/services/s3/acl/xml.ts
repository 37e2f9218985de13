/** The AccessControlPolicy document GetBucketAcl and GetObjectAcl answer with. */
import { xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { ownerXml } from '../owner.js';
import type { Grant } from './model.js';

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** The grants stored as JSON (null: the owner's FULL_CONTROL, S3's default ACL). */
export function storedGrants(json: string | null | undefined, owner: string): Grant[] {
  if (!json) return [{ grantee: { account: owner }, permission: 'FULL_CONTROL' }];
  try {
    return JSON.parse(json) as Grant[];
  } catch {
    return [{ grantee: { account: owner }, permission: 'FULL_CONTROL' }];
  }
}

export function aclXml(owner: string, grants: readonly Grant[]): string {
  const list: XmlChildren = grants.map((g) => [
    'Grant',
    [
      'account' in g.grantee ? ['GranteeCanonicalUser', ownerXml(g.grantee.account)] : ['GranteeGroup', [['URI', g.grantee.group]]],
      ['Permission', g.permission],
    ],
  ]);
  return xmlDocument('AccessControlPolicy', [
    ['Owner', ownerXml(owner)],
    ['AccessControlList', list],
  ])
    .replace(/<Grantee(CanonicalUser|Group)>/g, (_m, t: string) => `<Grantee ${XSI} xsi:type="${t}">`)
    .replace(/<\/Grantee(CanonicalUser|Group)>/g, '</Grantee>');
}
