/** The check of an action on a tagged IAM resource (instance profile, server certificate, identity provider): its tags as aws:ResourceTag keys. */
import type { AuthzCheck } from '../operation.js';
import { parseTags } from './util.js';

export function taggedCheck(action: string, resource: string, tagsJson: string | undefined, extra: Record<string, string | string[]> = {}): AuthzCheck {
  const context: Record<string, string | string[]> = { ...extra };
  for (const tag of parseTags(tagsJson)) context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  return Object.keys(context).length > 0 ? { action, resource, context } : { action, resource };
}
