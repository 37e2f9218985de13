import { defineOperation } from '../../operation.js';
import { trailArn } from '../trails.js';

/** cloudtrail:ListTrails — the account's trails (at most five: one page). */
export default defineOperation<{ NextToken?: string }, unknown>({
  service: 'cloudtrail',
  name: 'ListTrails',
  checks: () => [{ action: 'cloudtrail:ListTrails', resource: '*' }],
  handle: async (_input, { deps, caller }) => ({
    Trails: (await deps.store.repos.audit.listTrails(caller.accountId)).map((t) => ({ TrailARN: trailArn(t.region, t.account_id, t.name), Name: t.name, HomeRegion: t.region })),
  }),
});
