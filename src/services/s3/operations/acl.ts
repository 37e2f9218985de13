import { xmlDocument } from '../../../protocol/restxml/encode.js';
import { ownerXml } from '../owner.js';

/** The only ACL Tessera has: the owner has FULL_CONTROL (S3's default with ACLs disabled). */
export function ownerOnlyAcl(accountId: string): string {
  return xmlDocument('AccessControlPolicy', [
    ['Owner', ownerXml(accountId)],
    ['AccessControlList', [['Grant', [['Grantee', ownerXml(accountId)], ['Permission', 'FULL_CONTROL']]]]],
  ]).replace('<Grantee>', '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">');
}
