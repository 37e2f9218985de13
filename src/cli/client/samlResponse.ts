/**
 * Reading a SAML response on the client: base64 (as the IdP posts it) or XML, and the role pairs of its
 * https://aws.amazon.com/SAML/Attributes/Role attribute ("role-arn,provider-arn", either order). Only for
 * showing the choices: the signature is STS's to verify, never trusted here.
 */
import { XMLParser } from 'fast-xml-parser';
import { usageError } from './exitCodes.js';

export const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';

export interface RolePair {
  roleArn: string;
  principalArn: string;
}

/** The base64 text STS takes, from base64 or raw XML input. */
export function toBase64(input: string): string {
  const t = input.trim();
  if (t.startsWith('<')) return Buffer.from(t, 'utf8').toString('base64');
  const compact = t.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw usageError('the SAML response is neither base64 nor XML');
  return compact;
}

function walk(node: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      visit(k, v);
      walk(v, visit);
    }
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && '#text' in v ? String((v as Record<string, unknown>)['#text']) : typeof v === 'number' ? String(v) : '');

export function rolePairs(base64: string): RolePair[] {
  const xml = Buffer.from(base64, 'base64').toString('utf8');
  if (/<!DOCTYPE/i.test(xml)) throw usageError('the SAML response carries a DTD; refused');
  let doc: unknown;
  try {
    doc = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, processEntities: false, attributeNamePrefix: '@', isArray: (name) => name === 'Attribute' || name === 'AttributeValue' }).parse(xml);
  } catch {
    throw usageError('the SAML response is not well-formed XML');
  }
  const pairs: RolePair[] = [];
  walk(doc, (key, value) => {
    if (key !== 'Attribute' || !Array.isArray(value)) return;
    for (const attr of value as Record<string, unknown>[]) {
      if (attr['@Name'] !== ROLE_ATTRIBUTE) continue;
      for (const v of (attr.AttributeValue as unknown[]) ?? []) {
        const parts = text(v).split(',').map((s) => s.trim());
        if (parts.length !== 2) continue;
        const role = parts.find((s) => /:role\//.test(s));
        const principal = parts.find((s) => /:saml-provider\//.test(s));
        if (role && principal && !pairs.some((p) => p.roleArn === role && p.principalArn === principal)) pairs.push({ roleArn: role, principalArn: principal });
      }
    }
  });
  return pairs;
}
