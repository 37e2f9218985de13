/**
 * Trails: what a trail row means (its settings and event selectors), its wire shape (the model's Trail),
 * how a request names it (a name or an ARN), the bucket-policy check CreateTrail and UpdateTrail make, and
 * which records a trail's selectors deliver.
 */
import { ServiceError } from '../../core/errors.js';
import { createContext, evaluate, parsePolicy } from '../../policy/index.js';
import type { Deps } from '../../server/deps.js';
import type { OperationContext } from '../operation.js';
import type { AuditTrailsTable } from '../../store/schema-audit.js';
import { findBucket } from '../s3/api.js';
import { CloudTrailErrors } from './errors.js';

export interface EventSelector {
  ReadWriteType: 'ReadOnly' | 'WriteOnly' | 'All';
  IncludeManagementEvents: boolean;
  DataResources: Array<{ Type: string; Values: string[] }>;
  ExcludeManagementEventSources: string[];
}

/** audit_trails.settings. */
/** The trail members CreateTrail and UpdateTrail both take (UpdateTrail: each optional, the given ones replace). */
export interface TrailMembers {
  Name: string;
  S3BucketName?: string;
  S3KeyPrefix?: string;
  SnsTopicName?: string;
  IncludeGlobalServiceEvents?: boolean;
  IsMultiRegionTrail?: boolean;
  EnableLogFileValidation?: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  KmsKeyId?: string;
  IsOrganizationTrail?: boolean;
}

export interface TrailSettings {
  includeGlobal: boolean;
  multiRegion: boolean;
  validation: boolean;
  selectors: EventSelector[];
  /** Whether PutEventSelectors was called (the model's HasCustomEventSelectors). */
  custom: boolean;
  /** The last StartLogging / StopLogging (epoch ms). */
  startedAt?: number;
  stoppedAt?: number;
  /** Calls between a StopLogging and the StartLogging after it (epoch ms, exclusive), never delivered. */
  paused?: { from: number; to: number };
}

export const DEFAULT_SELECTORS: EventSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];

/** AWS: 5 trails per region per account. */
export const MAX_TRAILS = 5;

export const settingsOf = (t: AuditTrailsTable): TrailSettings => JSON.parse(t.settings) as TrailSettings;
export const trailArn = (region: string, accountId: string, name: string) => `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;

const ARN = /^arn:aws:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

/** What a request's Name (or TrailName) names: a trail of the caller's account in this region, by name or ARN. */
export function trailRef(nameOrArn: string, accountId: string, region: string): { accountId: string; name: string; arn: string } {
  if (nameOrArn.startsWith('arn:')) {
    const m = ARN.exec(nameOrArn);
    if (!m) throw new ServiceError('CloudTrailARNInvalidException', `Invalid trail ARN: ${nameOrArn}`, 400);
    return { accountId: m[2]!, name: m[3]!, arn: nameOrArn };
  }
  return { accountId, name: nameOrArn, arn: trailArn(region, accountId, nameOrArn) };
}

/** AWS's trail-name rules (CreateTrail's Name). */
export function validateTrailName(name: string): void {
  if (name.length < 3) throw CloudTrailErrors.invalidTrailName(`Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`);
  if (name.length > 128) throw CloudTrailErrors.invalidTrailName(`Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$/.test(name)) {
    throw CloudTrailErrors.invalidTrailName('Trail name must starts with a letter or number, end with a letter or number, and contain only ASCII letters, numbers, periods, underscores and dashes.');
  }
  if (/[._-]{2}/.test(name)) throw CloudTrailErrors.invalidTrailName('Trail name cannot contain adjacent periods, underscores or dashes.');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) throw CloudTrailErrors.invalidTrailName('Trail name cannot be formatted as an IP address.');
}

/** The trail as reads return it (the model's Trail). */
export function trailShape(t: AuditTrailsTable) {
  const s = settingsOf(t);
  return {
    Name: t.name,
    S3BucketName: t.bucket,
    ...(t.prefix ? { S3KeyPrefix: t.prefix } : {}),
    IncludeGlobalServiceEvents: s.includeGlobal,
    IsMultiRegionTrail: s.multiRegion,
    HomeRegion: t.region,
    TrailARN: trailArn(t.region, t.account_id, t.name),
    LogFileValidationEnabled: s.validation,
    HasCustomEventSelectors: s.custom,
    HasInsightSelectors: false,
    IsOrganizationTrail: false,
  };
}

/** CreateTrail's and UpdateTrail's answer. */
export function trailAnswer(t: AuditTrailsTable) {
  const { HomeRegion: _h, HasCustomEventSelectors: _c, HasInsightSelectors: _i, ...rest } = trailShape(t);
  return rest;
}

/** What Tessera cannot deliver to (SNS, CloudWatch Logs, KMS, organizations, tags): refused, never accepted silently. */
export function refuseUnsupported(i: { SnsTopicName?: string; CloudWatchLogsLogGroupArn?: string; CloudWatchLogsRoleArn?: string; KmsKeyId?: string; IsOrganizationTrail?: boolean; TagsList?: unknown[] }): void {
  const named = [
    i.SnsTopicName ? 'SnsTopicName' : '',
    i.CloudWatchLogsLogGroupArn || i.CloudWatchLogsRoleArn ? 'CloudWatch Logs delivery' : '',
    i.KmsKeyId ? 'KmsKeyId (SSE-KMS)' : '',
    i.IsOrganizationTrail ? 'organization trails' : '',
    i.TagsList && i.TagsList.length > 0 ? 'TagsList' : '',
  ].filter(Boolean);
  if (named.length > 0) throw new ServiceError('UnsupportedOperationException', `Tessera does not support ${named.join(', ')} on trails.`, 400);
}

export function validatePrefix(prefix: string | undefined): void {
  if (prefix !== undefined && prefix.length > 200) throw CloudTrailErrors.invalidS3Prefix(`Prefix is too long. Maximum allowed length: 200 characters. Specified prefix length: ${prefix.length} characters.`);
}

/**
 * The bucket exists and its policy lets cloudtrail.amazonaws.com read its ACL and write the account's log
 * files with bucket-owner-full-control (AWS's documented bucket policy for CloudTrail), for this trail
 * (aws:SourceArn, aws:SourceAccount). Evaluated by the policy engine as the service principal.
 */
export async function checkBucketPolicy(deps: Deps, bucket: string, prefix: string | null | undefined, accountId: string, arn: string): Promise<void> {
  const b = await findBucket(deps.store, bucket);
  if (!b) throw CloudTrailErrors.bucketDoesNotExist(bucket);
  if (!bucketPolicyAllows(b.policy, b.account_id, bucket, prefix, accountId, arn)) throw CloudTrailErrors.insufficientBucketPolicy(bucket);
}

export function bucketPolicyAllows(policy: string | null, bucketAccount: string, bucket: string, prefix: string | null | undefined, accountId: string, arn: string): boolean {
  if (!policy) return false;
  let compiled;
  try {
    compiled = parsePolicy(policy, 'resource');
  } catch {
    return false;
  }
  const context = createContext({ 'aws:SourceArn': arn, 'aws:SourceAccount': accountId, 's3:x-amz-acl': 'bucket-owner-full-control' });
  const ask = (action: string, resource: string) =>
    evaluate({
      action,
      resource,
      principal: { type: 'service', arn: 'cloudtrail.amazonaws.com' },
      resourceAccountId: bucketAccount,
      context,
      identityPolicies: [],
      resourcePolicy: { policy: compiled, source: { type: 'resource-based', id: `arn:aws:s3:::${bucket}` } },
    }).effect === 'Allow';
  const logKey = `${prefix ? `${prefix}/` : ''}AWSLogs/${accountId}/CloudTrail/x`;
  return ask('s3:GetBucketAcl', `arn:aws:s3:::${bucket}`) && ask('s3:PutObject', `arn:aws:s3:::${bucket}/${logKey}`);
}

/** PutEventSelectors' selectors, checked as AWS checks them (S3 object data resources only: Tessera's data events). */
export function validateSelectors(selectors: Array<Partial<EventSelector>>): EventSelector[] {
  if (selectors.length === 0 || selectors.length > 5) throw CloudTrailErrors.invalidEventSelectors('You can specify from 1 to 5 event selectors.');
  let values = 0;
  const checked = selectors.map((s) => {
    const data = (s.DataResources ?? []).map((d) => {
      if (d.Type !== 'AWS::S3::Object') throw CloudTrailErrors.invalidEventSelectors(`Value ${d.Type} for parameter DataResources.Type is invalid: Tessera records data events of AWS::S3::Object only.`);
      for (const v of d.Values ?? []) {
        values++;
        if (v !== 'arn:aws:s3' && v !== 'arn:aws:s3:::' && !/^arn:aws:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.*$/.test(v)) {
          throw CloudTrailErrors.invalidEventSelectors(`Value ${v} for parameter DataResources.Values is invalid.`);
        }
      }
      return { Type: d.Type, Values: d.Values ?? [] };
    });
    return {
      ReadWriteType: s.ReadWriteType ?? 'All',
      IncludeManagementEvents: s.IncludeManagementEvents ?? true,
      DataResources: data,
      ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
    };
  });
  if (values > 250) throw CloudTrailErrors.invalidEventSelectors('You have exceeded the maximum of 250 data resource values for a trail.');
  return checked;
}

/** Whether a data resource value covers an S3 object (or, for a bucket-level data event, its bucket). */
function coversObject(value: string, bucket: string, key: string | undefined): boolean {
  if (value === 'arn:aws:s3' || value === 'arn:aws:s3:::') return true;
  const rest = value.slice('arn:aws:s3:::'.length);
  const slash = rest.indexOf('/');
  if (rest.slice(0, slash) !== bucket) return false;
  return key === undefined ? slash === rest.length - 1 : key.startsWith(rest.slice(slash + 1));
}

/** Whether selectors select an S3 data event on bucket/key (key undefined: a bucket-level data event). */
export function selectsData(selectors: EventSelector[], bucket: string, key: string | undefined, readOnly?: boolean): boolean {
  return selectors.some(
    (s) =>
      (readOnly === undefined || s.ReadWriteType === 'All' || (s.ReadWriteType === 'ReadOnly') === readOnly) &&
      s.DataResources.some((d) => d.Type === 'AWS::S3::Object' && d.Values.some((v) => coversObject(v, bucket, key))),
  );
}

/** Whether a trail delivers a record (parsed CloudTrail JSON). */
export function delivers(s: TrailSettings, record: Record<string, unknown>, management: boolean, at: number): boolean {
  const readOnly = record.readOnly === true;
  if (s.paused && s.paused.from < at && at < s.paused.to) return false;
  if (management) {
    if (!s.includeGlobal && (record.eventSource === 'iam.amazonaws.com' || record.eventSource === 'signin.amazonaws.com')) return false;
    return s.selectors.some(
      (x) =>
        x.IncludeManagementEvents &&
        (x.ReadWriteType === 'All' || (x.ReadWriteType === 'ReadOnly') === readOnly) &&
        !x.ExcludeManagementEventSources.includes(String(record.eventSource)),
    );
  }
  const params = (record.requestParameters ?? {}) as { bucketName?: string; key?: string };
  return params.bucketName !== undefined && selectsData(s.selectors, params.bucketName, params.key, readOnly);
}

/** The trail a request names, or TrailNotFoundException. */
export async function loadTrail(ctx: OperationContext, nameOrArn: string): Promise<AuditTrailsTable> {
  const region = ctx.deps.config.region;
  const ref = trailRef(nameOrArn, ctx.caller.accountId, region);
  const t = ref.accountId === ctx.caller.accountId ? await ctx.deps.store.repos.audit.getTrail(ref.accountId, ref.name) : undefined;
  if (!t || trailArn(t.region, t.account_id, t.name) !== ref.arn) throw CloudTrailErrors.trailNotFound(nameOrArn, ctx.caller.accountId, region);
  return t;
}

/** The permission check of an operation on one trail (the catalog's `trail` resource). */
export const trailCheck = (action: string, nameOrArn: string, ctx: OperationContext) => {
  const ref = trailRef(nameOrArn, ctx.caller.accountId, ctx.deps.config.region);
  return [{ action: `cloudtrail:${action}`, resource: ref.arn, ...(ref.accountId !== ctx.caller.accountId ? { resourceAccountId: ref.accountId } : {}) }];
};
