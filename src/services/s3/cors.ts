/**
 * A bucket's CORS configuration (S3 User Guide, "Using cross-origin resource sharing (CORS)"; API
 * Reference, PutBucketCors): its XML (parsed, validated as S3 validates it, stored as JSON), and the rule
 * matching of preflight (OPTIONS) and actual requests. Pure: no I/O.
 */
import { xmlDocument, type XmlChildren } from '../../protocol/restxml/encode.js';
import { decodeBasicEntities, listOf, malformedXml, parseXmlDocument, textOf, type XmlNode } from '../../protocol/restxml/parse.js';
import { S3Errors } from './errors.js';

export interface CorsRule {
  id?: string;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

export const CORS_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];
export const MAX_CORS_RULES = 100;
/** S3 caps a CORS configuration document at 64 KB. */
export const MAX_CORS_BYTES = 64 * 1024;

const texts = (node: XmlNode, name: string): string[] => {
  const v = node[name];
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return list.map((x) => {
    if (typeof x !== 'string') throw malformedXml();
    return decodeBasicEntities(x).trim();
  });
};

function oneWildcard(kind: 'AllowedOrigin' | 'AllowedHeader', value: string) {
  if (value.split('*').length > 2) throw S3Errors.invalidRequest(`${kind} "${value}" can not have more than one wildcard.`);
}

/** The CORSConfiguration document → its rules; S3's MalformedXML / InvalidRequest for what S3 refuses. */
export function parseCorsConfiguration(xml: string): CorsRule[] {
  const doc = parseXmlDocument(xml, 'CORSConfiguration');
  const rules = listOf(doc, 'CORSRule');
  if (rules.length === 0) throw malformedXml();
  if (rules.length > MAX_CORS_RULES) throw S3Errors.invalidRequest(`The number of CORS rules should not exceed allowed limit of ${MAX_CORS_RULES} rules.`);
  return rules.map((r) => {
    const allowedOrigins = texts(r, 'AllowedOrigin');
    const allowedMethods = texts(r, 'AllowedMethod');
    if (allowedOrigins.length === 0 || allowedMethods.length === 0) throw malformedXml();
    for (const m of allowedMethods) {
      if (!CORS_METHODS.includes(m)) throw S3Errors.invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
    }
    for (const o of allowedOrigins) oneWildcard('AllowedOrigin', o);
    const allowedHeaders = texts(r, 'AllowedHeader');
    for (const h of allowedHeaders) oneWildcard('AllowedHeader', h);
    const rule: CorsRule = { allowedOrigins, allowedMethods, allowedHeaders, exposeHeaders: texts(r, 'ExposeHeader') };
    const id = textOf(r, 'ID');
    if (id !== undefined) {
      if (id.length > 255) throw S3Errors.invalidArgument('The ID of a CORS rule must be at most 255 characters long.', 'ID', id);
      rule.id = id;
    }
    const age = textOf(r, 'MaxAgeSeconds');
    if (age !== undefined) {
      if (!/^\d{1,10}$/.test(age.trim()) || Number(age) > 2 ** 31 - 1) throw malformedXml();
      rule.maxAgeSeconds = Number(age);
    }
    return rule;
  });
}

/** The stored rules → GetBucketCors's document. */
export function corsConfigurationXml(rules: CorsRule[]): string {
  const children: XmlChildren = rules.map((r) => {
    const c: XmlChildren = [];
    if (r.id !== undefined) c.push(['ID', r.id]);
    for (const h of r.allowedHeaders) c.push(['AllowedHeader', h]);
    for (const m of r.allowedMethods) c.push(['AllowedMethod', m]);
    for (const o of r.allowedOrigins) c.push(['AllowedOrigin', o]);
    for (const h of r.exposeHeaders) c.push(['ExposeHeader', h]);
    if (r.maxAgeSeconds !== undefined) c.push(['MaxAgeSeconds', r.maxAgeSeconds]);
    return ['CORSRule', c];
  });
  return xmlDocument('CORSConfiguration', children);
}

/** The stored JSON → rules (a damaged value counts as no configuration). */
export function storedRules(json: string | null | undefined): CorsRule[] | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as CorsRule[]) : undefined;
  } catch {
    return undefined;
  }
}

/** A pattern with at most one '*' against a value. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const v = caseInsensitive ? value.toLowerCase() : value;
  const star = p.indexOf('*');
  if (star < 0) return p === v;
  const head = p.slice(0, star);
  const tail = p.slice(star + 1);
  return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail);
}

const originMatches = (r: CorsRule, origin: string) => r.allowedOrigins.some((o) => wildcardMatch(o, origin));

/** The request headers a preflight names (Access-Control-Request-Headers), lower-cased. */
export const requestedHeaders = (value: string | undefined): string[] =>
  (value ?? '').split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');

/** The first rule that allows a preflight: origin, method, and every requested header. */
export function matchPreflight(rules: CorsRule[], origin: string, method: string, headers: string[]): CorsRule | undefined {
  return rules.find(
    (r) => originMatches(r, origin) && r.allowedMethods.includes(method) && headers.every((h) => r.allowedHeaders.some((a) => wildcardMatch(a, h, true))),
  );
}

/** The first rule that allows an actual request: origin and method. */
export function matchActual(rules: CorsRule[], origin: string, method: string): CorsRule | undefined {
  return rules.find((r) => originMatches(r, origin) && r.allowedMethods.includes(method));
}

export const CORS_VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/** The response headers a matched rule grants (preflight: with the allowed request headers). */
export function corsHeaders(rule: CorsRule, origin: string, preflightHeaders?: string[]): Record<string, string> {
  const any = rule.allowedOrigins.includes('*');
  const h: Record<string, string> = {
    'Access-Control-Allow-Origin': any ? '*' : origin,
    'Access-Control-Allow-Methods': rule.allowedMethods.join(', '),
    Vary: CORS_VARY,
  };
  if (!any) h['Access-Control-Allow-Credentials'] = 'true';
  if (preflightHeaders && preflightHeaders.length > 0) h['Access-Control-Allow-Headers'] = preflightHeaders.join(', ');
  if (rule.exposeHeaders.length > 0) h['Access-Control-Expose-Headers'] = rule.exposeHeaders.join(', ');
  if (rule.maxAgeSeconds !== undefined) h['Access-Control-Max-Age'] = String(rule.maxAgeSeconds);
  return h;
}
