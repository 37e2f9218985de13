/**
 * Tags of every taggable IAM resource, one code path: a `Taggable` says how its resource is named in the
 * input, read (by `prepare`: its ARN and current tags, which the checks see as aws:ResourceTag / iam:ResourceTag)
 * and written; `tagResource`, `untagResource` and `listResourceTags` build Tag<Noun>, Untag<Noun> and
 * List<Noun>Tags from it (operations/TagUser.ts, TagPolicy.ts, TagMFADevice.ts, ...). A new taggable resource
 * (instance profiles, server certificates) is one more `Taggable`.
 *
 * AWS's rules: at most 50 tags on a resource (LimitExceeded), keys unique case-insensitively within a call
 * (InvalidInput) and on the resource (a tag whose key matches an existing one case-insensitively replaces its
 * value, keeping the stored key's case), the `aws:` prefix reserved (InvalidInput); lengths and characters are
 * the model's (ValidationError).
 */
import type { ServiceError } from '../../core/errors.js';
import { defineOperation, type OperationContext } from '../operation.js';
import { iamTopic, publish } from './lookups.js';
import { taggedCheck } from './targets.js';
import { checkNewTags, pageOf, tagContext, tooManyTags, type Tag } from './util.js';

/** A taggable resource as `prepare` read it: its ARN, and its tags (undefined: there is no such resource). */
export interface TagTarget {
  arn: string;
  tags: Tag[] | undefined;
  /** The store's key of the resource (an entity id, a policy ARN, a serial number). */
  key: string;
}

type Input = Record<string, unknown>;

export interface Taggable {
  /** The operation names' noun: Tag<noun>, Untag<noun>, List<noun>Tags (User, Role, Policy, MFADevice, ...). */
  noun: string;
  load(input: Input, ctx: OperationContext): Promise<TagTarget>;
  save(ctx: OperationContext, key: string, tags: Tag[]): Promise<void>;
  /** NoSuchEntity in AWS's words for this resource. */
  missing(input: Input): ServiceError;
  /** A refusal of changes before anything else (an AWS managed policy cannot be tagged). */
  readOnly?(input: Input): ServiceError | undefined;
}

/** Adds or replaces tags by key (case-insensitively; the stored key's case is kept); at most 50 in all. */
export function mergeTags(existing: readonly Tag[], add: readonly Tag[]): Tag[] {
  const out = existing.map((t) => ({ ...t }));
  const byKey = new Map(out.map((t) => [t.Key.toLowerCase(), t]));
  for (const t of add) {
    const have = byKey.get(t.Key.toLowerCase());
    if (have) have.Value = t.Value;
    else {
      const n = { Key: t.Key, Value: t.Value };
      out.push(n);
      byKey.set(t.Key.toLowerCase(), n);
    }
  }
  return out;
}

/** The tags without those whose key is one of `keys` (case-insensitively). */
export function dropTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

export const TAGS_MAX = 50;

async function present(t: Taggable, input: Input, target: TagTarget): Promise<Tag[]> {
  if (target.tags === undefined) throw t.missing(input);
  return target.tags;
}

export const tagResource = (t: Taggable) =>
  defineOperation<Input & { Tags: Tag[] }, undefined, TagTarget>({
    service: 'iam',
    name: `Tag${t.noun}`,
    prepare: (input, ctx) => t.load(input, ctx),
    checks: (input, _ctx, target) => [taggedCheck(`iam:Tag${t.noun}`, target.arn, target.tags, tagContext(input.Tags))],
    handle: async (input, ctx, target) => {
      const refusal = t.readOnly?.(input);
      if (refusal) throw refusal;
      const current = await present(t, input, target);
      const tags = mergeTags(current, checkNewTags(input.Tags));
      if (tags.length > TAGS_MAX) throw tooManyTags();
      await t.save(ctx, target.key, tags);
      await publish(ctx.deps, iamTopic(ctx.caller.accountId));
      return undefined;
    },
  });

export const untagResource = (t: Taggable) =>
  defineOperation<Input & { TagKeys: string[] }, undefined, TagTarget>({
    service: 'iam',
    name: `Untag${t.noun}`,
    prepare: (input, ctx) => t.load(input, ctx),
    checks: (input, _ctx, target) => [taggedCheck(`iam:Untag${t.noun}`, target.arn, target.tags, { 'aws:TagKeys': input.TagKeys })],
    handle: async (input, ctx, target) => {
      const refusal = t.readOnly?.(input);
      if (refusal) throw refusal;
      const current = await present(t, input, target);
      const tags = dropTags(current, input.TagKeys);
      if (tags.length !== current.length) {
        await t.save(ctx, target.key, tags);
        await publish(ctx.deps, iamTopic(ctx.caller.accountId));
      }
      return undefined;
    },
  });

export const listResourceTags = (t: Taggable) =>
  defineOperation<Input & { Marker?: string; MaxItems?: number }, Record<string, unknown>, TagTarget>({
    service: 'iam',
    name: `List${t.noun}Tags`,
    prepare: (input, ctx) => t.load(input, ctx),
    checks: (_input, _ctx, target) => [taggedCheck(`iam:List${t.noun}Tags`, target.arn, target.tags)],
    handle: async (input, _ctx, target) => {
      const { page, ...rest } = pageOf(await present(t, input, target), input.Marker, input.MaxItems);
      return { Tags: page, ...rest };
    },
  });
