import { createHash } from 'node:crypto';
import { defineOperation } from '../../operation.js';
import { CloudTrailErrors } from '../errors.js';

interface LookupEventsInput {
  LookupAttributes?: Array<{ AttributeKey: string; AttributeValue: string }>;
  StartTime?: Date;
  EndTime?: Date;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
}

interface Summary {
  EventName: string;
  EventSource: string;
  ReadOnly: string;
  Username?: string;
  AccessKeyId?: string;
  Resources: Array<{ ResourceType: string; ResourceName: string }>;
}

/** What a NextToken is bound to: the same account and filters (AWS: "the same parameters as the previous call"). */
const bindingOf = (accountId: string, i: LookupEventsInput) =>
  createHash('sha256').update(JSON.stringify([accountId, i.LookupAttributes ?? [], i.StartTime?.getTime() ?? null, i.EndTime?.getTime() ?? null])).digest('base64url').slice(0, 16);

/**
 * cloudtrail:LookupEvents — the account's management events (never data events), newest first, by one
 * lookup attribute and a time range, MaxResults (1 to 50, default 50) at a time. The recorder is flushed
 * first, so this server's own calls are never missing.
 */
export default defineOperation<LookupEventsInput, unknown>({
  service: 'cloudtrail',
  name: 'LookupEvents',
  checks: () => [{ action: 'cloudtrail:LookupEvents', resource: '*' }],
  handle: async (input, { deps, caller, now }) => {
    const attrs = input.LookupAttributes ?? [];
    if (attrs.length > 1) throw CloudTrailErrors.invalidLookupAttributes('You cannot specify more than one lookup attribute.');
    if (input.EventCategory === 'insight') return { Events: [] };
    const start = input.StartTime ? input.StartTime.getTime() : 0;
    const end = input.EndTime ? input.EndTime.getTime() : now;
    if (start > end) throw CloudTrailErrors.invalidTimeRange();
    const limit = input.MaxResults ?? 50;
    const binding = bindingOf(caller.accountId, input);
    let before: { time: number; id: string } | undefined;
    if (input.NextToken !== undefined) {
      const m = /^([0-9]{1,16})\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{16})$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
      if (!m || m[3] !== binding) throw CloudTrailErrors.invalidNextToken();
      before = { time: Number(m[1]), id: m[2]! };
    }
    await deps.audit?.flush();
    const rows = await deps.store.repos.audit.lookup({
      accountId: caller.accountId,
      ...(attrs[0] ? { attr: { key: attrs[0].AttributeKey, value: attrs[0].AttributeValue } } : {}),
      start,
      end,
      ...(before ? { before } : {}),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      Events: page.map((r) => {
        const s = JSON.parse(r.summary) as Summary;
        return {
          EventId: r.event_id,
          EventName: s.EventName,
          ReadOnly: s.ReadOnly,
          ...(s.AccessKeyId ? { AccessKeyId: s.AccessKeyId } : {}),
          EventTime: new Date(r.event_time),
          EventSource: s.EventSource,
          ...(s.Username ? { Username: s.Username } : {}),
          Resources: s.Resources,
          CloudTrailEvent: r.record,
        };
      }),
      ...(rows.length > limit && last ? { NextToken: Buffer.from(`${last.event_time}.${last.event_id}.${binding}`).toString('base64url') } : {}),
    };
  },
});
