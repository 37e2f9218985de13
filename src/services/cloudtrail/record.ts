/**
 * CloudTrail records as AWS writes them (CloudTrail User Guide, "CloudTrail record contents" and its
 * userIdentity element): one per IAM, STS, S3, CloudTrail call and console sign-in, built from what the
 * pipeline saw (an AuditEntry) when the recorder flushes — never on the request's path.
 *
 * Secrets never enter a record: request and response members named in SECRET_MEMBERS (secret keys, session
 * tokens, passwords, SAML assertions and web-identity tokens, MFA codes and seeds, private keys) are left
 * out, as AWS leaves them out (an AssumeRole record shows the new access key id, never its secret or token).
 * Reads (Get/List/Describe/Head/Lookup) record no responseElements, as AWS's do.
 */
import { randomBytes } from 'node:crypto';
import { loadModel, shapeOf, type ServiceModel, type Shape } from '../../protocol/query/model.js';
import type { AuditEntry } from '../../server/deps.js';

export const EVENT_VERSION = '1.09';

/**
 * eventID: a UUID (version 7: the time in its first 48 bits, then random bits), so records written together
 * sit together in the store's index instead of landing on random pages.
 */
let pool = '';
let poolAt = 0;
export function eventId(at: number): string {
  if (poolAt + 20 > pool.length) {
    pool = randomBytes(10 * 1024).toString('hex'); // one draw from the CSPRNG per 1,024 ids, in hex at once
    poolAt = 0;
  }
  const h = pool.substring(poolAt, (poolAt += 20));
  const t = Math.max(0, Math.floor(at)).toString(16).padStart(12, '0').slice(-12);
  const variant = ((parseInt(h.slice(4, 6), 16) & 0x3f) | 0x80).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${h.slice(0, 3)}-${variant}${h.slice(6, 8)}-${h.slice(8, 20)}`;
}

/** Members whose values are secrets (compared without case). */
const SECRET_MEMBERS = new Set(
  [
    'SecretAccessKey', 'SessionToken', 'Password', 'NewPassword', 'OldPassword', 'SAMLAssertion', 'WebIdentityToken',
    'AuthenticationCode1', 'AuthenticationCode2', 'TokenCode', 'PrivateKey', 'Base32StringSeed', 'QRCodePNG',
    'ServicePassword', 'DecodedMessage', 'EncodedMessage', 'SSECustomerKey', 'SigninToken', 'Body',
  ].map((s) => s.toLowerCase()),
);

/** A request's top-level members without the secret ones (a new object; anything else as it is). */
export function withoutSecretMembers(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) if (!SECRET_MEMBERS.has(k.toLowerCase())) out[k] = v;
  return out;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date inside requestParameters / responseElements as AWS prints it: "Jul 19, 2023, 9:17:28 PM". */
export function awsElementDate(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** eventTime / creationDate: ISO 8601 to the second, UTC (the last second's text kept: records come in runs). */
let isoAt = NaN;
let isoText = '';
export function isoSecond(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoAt) {
    isoText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    isoAt = second;
  }
  return isoText;
}

/** A request's or response's members in CloudTrail's form: camelCase names, secrets left out, no bytes or streams. */
export function elements(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || depth > 8) return undefined;
  if (value instanceof Date) return awsElementDate(value.getTime());
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => elements(v, depth + 1) ?? null);
  if (typeof value === 'object') {
    if (typeof (value as { pipe?: unknown }).pipe === 'function' || typeof (value as { then?: unknown }).then === 'function') return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_MEMBERS.has(k.toLowerCase())) continue;
      const e = elements(v, depth + 1);
      if (e !== undefined) out[lowerFirst(k)] = e;
    }
    return out;
  }
  if (typeof value === 'string') return value.length > 2048 ? `${value.slice(0, 2048)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

/**
 * The same, following the operation's shape in AWS's model (IAM, STS, CloudTrail): members in the model's
 * order, timestamps (which handlers may give as epoch ms) as AWS prints them, sensitive shapes left out.
 */
function shapedElements(model: ServiceModel, shape: Shape, value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || depth > 12 || shape.sensitive) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object') return undefined;
      const obj = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (SECRET_MEMBERS.has(name.toLowerCase())) continue;
        const e = shapedElements(model, shapeOf(model, ref.shape), obj[name], depth + 1);
        if (e !== undefined) out[lowerFirst(name)] = e;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const ms = shapeOf(model, shape.member!.shape);
      return value.slice(0, 100).map((v) => shapedElements(model, ms, v, depth + 1) ?? null);
    }
    case 'map':
      return elements(value, depth);
    case 'timestamp': {
      const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value));
      return Number.isFinite(ms) ? awsElementDate(ms) : undefined;
    }
    case 'blob':
      return undefined;
    default:
      return elements(value, depth);
  }
}

/** requestParameters / responseElements of a model-driven service's call. */
function modelElements(service: string, operation: string, which: 'input' | 'output', value: unknown): unknown {
  let model: ServiceModel;
  try {
    model = loadModel(service);
  } catch {
    return elements(value);
  }
  const shapeName = model.operations[operation]?.[which]?.shape;
  return shapeName ? shapedElements(model, shapeOf(model, shapeName), value) : elements(value);
}

const MODEL_SERVICES = new Set(['iam', 'sts', 'cloudtrail']);

/** Reads whose records still carry responseElements (the credentials issued, their key id only). */
const ISSUES_CREDENTIALS = new Set(['GetSessionToken', 'GetFederationToken']);

const READ_ONLY = /^(Get|List|Describe|Head|Lookup|Select|Decode|Simulate|Generate)/;

/** S3's data events (object-level), as CloudTrail classifies S3's operations; the rest are management events. */
export function isS3DataEvent(name: string): boolean {
  return /Object|Multipart|Part$|Parts$/.test(name) || name === 'HeadBucket' || name === 'ListObjects' || name === 'ListObjectsV2' || name === 'ListObjectVersions';
}

const SOURCES: Record<string, string> = { iam: 'iam.amazonaws.com', sts: 'sts.amazonaws.com', s3: 's3.amazonaws.com', cloudtrail: 'cloudtrail.amazonaws.com', signin: 'signin.amazonaws.com' };

/** The userIdentity element of a caller (CloudTrail's "CloudTrail userIdentity element"). */
export function userIdentity(e: AuditEntry): Record<string, unknown> {
  const c = e.caller;
  const attributes = c.session ? { creationDate: isoSecond(c.session.issuedAt), mfaAuthenticated: c.session.mfaAuthTime !== undefined ? 'true' : 'false' } : undefined;
  switch (c.type) {
    case 'root':
      return {
        type: 'Root',
        principalId: c.accountId,
        arn: c.arn,
        accountId: c.accountId,
        ...(c.accessKeyId ? { accessKeyId: c.accessKeyId } : {}),
        ...(attributes ? { sessionContext: { attributes } } : {}),
      };
    case 'user':
      return {
        type: 'IAMUser',
        principalId: c.userId,
        arn: c.arn,
        accountId: c.accountId,
        ...(c.accessKeyId ? { accessKeyId: c.accessKeyId } : {}),
        userName: c.userName,
        ...(attributes ? { sessionContext: { attributes } } : {}),
      };
    case 'assumed-role':
      return {
        type: 'AssumedRole',
        principalId: c.userId,
        arn: c.arn,
        accountId: c.accountId,
        ...(c.accessKeyId ? { accessKeyId: c.accessKeyId } : {}),
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: c.roleId, arn: c.roleArn, accountId: c.accountId, userName: c.roleName },
          ...(c.session?.contextKeys && c.session.issuedBy === 'AssumeRoleWithWebIdentity' ? { webIdFederationData: { federatedProvider: c.session.sourceArn } } : { webIdFederationData: {} }),
          attributes,
          ...(c.session?.sourceIdentity ? { sourceIdentity: c.session.sourceIdentity } : {}),
        },
      };
    case 'federated-user':
      return {
        type: 'FederatedUser',
        principalId: c.userId,
        arn: c.arn,
        accountId: c.accountId,
        ...(c.accessKeyId ? { accessKeyId: c.accessKeyId } : {}),
        sessionContext: {
          sessionIssuer: { type: 'IAMUser', principalId: c.session?.sourceUserId, arn: c.session?.sourceArn, accountId: c.accountId, userName: c.session?.sourceUserName },
          attributes,
        },
      };
    default:
      return { type: 'AWSAccount', principalId: '', accountId: 'anonymous' };
  }
}

/**
 * The text of a caller's userIdentity, kept per principal and credential: a busy principal's calls share it,
 * so it is built and serialized once, not per record. Everything the element says is fixed for a given ARN,
 * principal id, access key and session start (a session's flags are set when it is issued). Emptied whole when
 * full.
 */
const identityTexts = new Map<string, string>();
const MAX_IDENTITY_TEXTS = 10_000;
function userIdentityText(e: AuditEntry): string {
  const c = e.caller;
  const key = `${c.type}\n${c.arn}\n${c.userId}\n${c.accessKeyId ?? ''}\n${c.session?.issuedAt ?? ''}`;
  let text = identityTexts.get(key);
  if (text === undefined) {
    if (identityTexts.size >= MAX_IDENTITY_TEXTS) identityTexts.clear();
    identityTexts.set(key, (text = JSON.stringify(userIdentity(e))));
  }
  return text;
}

/** LookupEvents' Username: the user's name, the role session's name, "root"; an unsigned call's identity's userName. */
export function usernameOf(e: AuditEntry): string | undefined {
  if (e.unsigned) return str(e.identity?.userName);
  const c = e.caller;
  if (c.type === 'root') return 'root';
  if (c.type === 'assumed-role') return c.sessionName;
  return c.userName;
}

export interface Resource {
  ResourceType: string;
  ResourceName: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The resources an event names (LookupEvents' Resources, ResourceName and ResourceType filters). */
export function resourcesOf(e: AuditEntry): Resource[] {
  const out: Resource[] = [];
  const add = (type: string, name: string | undefined) => {
    if (name && !out.some((r) => r.ResourceType === type && r.ResourceName === name)) out.push({ ResourceType: type, ResourceName: name });
  };
  const i = (e.input ?? {}) as Record<string, unknown>;
  const o = (e.output ?? {}) as Record<string, unknown>;
  if (e.service === 's3') {
    const bucket = str(i.bucket) ?? str(i.Bucket);
    const key = str(i.key) ?? str(i.Key);
    if (bucket) add('AWS::S3::Bucket', bucket);
    if (bucket && key) add('AWS::S3::Object', `arn:aws:s3:::${bucket}/${key}`);
    return out;
  }
  if (e.service === 'cloudtrail') {
    add('AWS::CloudTrail::Trail', str(i.Name) ?? str(i.TrailName));
    return out;
  }
  if (e.service === 'signin') return out;
  add('AWS::IAM::User', str(i.UserName));
  add('AWS::IAM::Group', str(i.GroupName));
  add('AWS::IAM::Role', str(i.RoleArn) ?? str(i.RoleName));
  add('AWS::IAM::Policy', str(i.PolicyArn));
  add('AWS::IAM::InstanceProfile', str(i.InstanceProfileName));
  add('AWS::IAM::SAMLProvider', str(i.SAMLProviderArn) ?? str(i.PrincipalArn));
  if (e.service === 'iam') add('AWS::IAM::MfaDevice', str(i.SerialNumber));
  add('AWS::IAM::AccessKey', str(i.AccessKeyId));
  const creds = o.Credentials as Record<string, unknown> | undefined;
  add('AWS::IAM::AccessKey', str(creds?.AccessKeyId) ?? str((o.AccessKey as Record<string, unknown> | undefined)?.AccessKeyId));
  add('AWS::STS::AssumedRole', str((o.AssumedRoleUser as Record<string, unknown> | undefined)?.Arn));
  add('AWS::STS::FederatedUser', str((o.FederatedUser as Record<string, unknown> | undefined)?.Arn));
  return out;
}

export interface BuiltRecord {
  eventId: string;
  accountId: string;
  at: number;
  management: boolean;
  /** The record, as JSON text (the form the store keeps and LookupEvents answers). */
  json: string;
  /** What LookupEvents answers besides the record. */
  summary: { EventName: string; EventSource: string; ReadOnly: string; Username?: string; AccessKeyId?: string; Resources: Resource[] };
}

/**
 * The record of one call. `encodedDecision`: for a denial, the explained decision sealed for the account's
 * admins (sts:DecodeAuthorizationMessage reads it), kept as additionalEventData.tesseraAuthorizationMessage.
 */
export function buildRecord(e: AuditEntry, encodedDecision: string | undefined): BuiltRecord {
  const service = e.service;
  const eventSource = SOURCES[service] ?? `${service}.amazonaws.com`;
  const signin = service === 'signin';
  const readOnly = !signin && READ_ONLY.test(e.name);
  const management = service !== 's3' || !isS3DataEvent(e.name);
  const accountId = e.recipientAccountId ?? e.caller.accountId;
  const i = e.input as Record<string, unknown> | undefined;
  let requestParameters: unknown = null;
  if (signin) requestParameters = null;
  else if (service === 's3') {
    const bucket = str(i?.bucket);
    const key = str(i?.key);
    requestParameters = { ...(bucket ? { bucketName: bucket } : {}), ...(e.host ? { Host: e.host } : {}), ...(key ? { key } : {}), ...(str(i?.versionId) ? { versionId: i?.versionId } : {}) };
  } else if (i && Object.keys(i).length > 0) {
    requestParameters = MODEL_SERVICES.has(service) ? modelElements(service, e.name, 'input', i) : elements(i);
  }
  let responseElements: unknown = null;
  if (signin) responseElements = e.output ?? null;
  else if (!e.error && (!readOnly || ISSUES_CREDENTIALS.has(e.name)) && service !== 's3' && e.output && typeof e.output === 'object') {
    const r = MODEL_SERVICES.has(service) ? modelElements(service, e.name, 'output', e.output) : elements(e.output);
    responseElements = r && Object.keys(r as object).length > 0 ? r : null;
  }
  const additional = additionalEventData(e, encodedDecision);
  const id = eventId(e.at);
  // Everything after eventVersion and userIdentity (whose text comes from the principal's cache), members
  // added in AWS's order (no spread objects: this runs once per record).
  const rest: Record<string, unknown> = {
    eventTime: isoSecond(e.at),
    eventSource,
    eventName: e.name,
    awsRegion: service === 'iam' || signin ? 'us-east-1' : e.region,
    sourceIPAddress: e.sourceIp,
    userAgent: e.userAgent ?? '',
  };
  if (e.error) {
    if (e.error.code) rest.errorCode = e.error.code;
    rest.errorMessage = e.error.message;
  }
  rest.requestParameters = requestParameters;
  rest.responseElements = responseElements;
  if (additional) rest.additionalEventData = additional;
  rest.requestID = e.requestId;
  rest.eventID = id;
  rest.readOnly = readOnly;
  if (service === 's3') rest.resources = s3Resources(e, accountId);
  rest.eventType = signin ? 'AwsConsoleSignIn' : 'AwsApiCall';
  rest.managementEvent = management;
  rest.recipientAccountId = accountId;
  rest.eventCategory = management ? 'Management' : 'Data';
  if (e.tls) rest.tlsDetails = e.tls;
  const resources = resourcesOf(e);
  const username = usernameOf(e);
  return {
    eventId: id,
    accountId,
    at: e.at,
    management,
    json: `{"eventVersion":"${EVENT_VERSION}","userIdentity":${e.identity ? JSON.stringify(e.identity) : userIdentityText(e)},${JSON.stringify(rest).slice(1)}`,
    summary: {
      EventName: e.name,
      EventSource: eventSource,
      ReadOnly: String(readOnly),
      ...(username ? { Username: username } : {}),
      ...(e.caller.accessKeyId ? { AccessKeyId: e.caller.accessKeyId } : {}),
      Resources: resources,
    },
  };
}

/** additionalEventData, or undefined when it would say nothing. */
function additionalEventData(e: AuditEntry, encodedDecision: string | undefined): Record<string, unknown> | undefined {
  if (!e.additionalEventData && e.service !== 's3' && !encodedDecision) return undefined;
  const additional: Record<string, unknown> = { ...(e.additionalEventData ?? {}) };
  if (e.service === 's3') {
    additional.SignatureVersion = e.caller.type === 'anonymous' ? undefined : 'SigV4';
    additional.AuthenticationMethod = 'AuthHeader';
    if (e.host) additional['x-amz-id-2'] = Buffer.from(e.requestId).toString('base64');
  }
  if (encodedDecision) additional.tesseraAuthorizationMessage = encodedDecision;
  return Object.values(additional).some((v) => v !== undefined) ? additional : undefined;
}

/** S3 records' `resources`: the object and the bucket with its owner, as AWS lists them. */
function s3Resources(e: AuditEntry, accountId: string): unknown[] {
  const i = (e.input ?? {}) as Record<string, unknown>;
  const bucket = str(i.bucket);
  const key = str(i.key);
  const out: unknown[] = [];
  if (bucket && key) out.push({ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` });
  if (bucket) out.push({ accountId, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` });
  return out;
}
