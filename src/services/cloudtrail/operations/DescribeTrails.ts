import { defineOperation } from '../../operation.js';
import { trailRef, trailShape } from '../trails.js';

/** cloudtrail:DescribeTrails — the account's trails, or those named (by name or ARN; unknown names are left out, as AWS does). */
export default defineOperation<{ trailNameList?: string[]; includeShadowTrails?: boolean }, unknown>({
  service: 'cloudtrail',
  name: 'DescribeTrails',
  checks: () => [{ action: 'cloudtrail:DescribeTrails', resource: '*' }],
  handle: async (input, { deps, caller }) => {
    const trails = await deps.store.repos.audit.listTrails(caller.accountId);
    const wanted = input.trailNameList && input.trailNameList.length > 0 ? new Set(input.trailNameList.map((n) => trailRef(n, caller.accountId, deps.config.region).arn)) : undefined;
    return { trailList: trails.map(trailShape).filter((t) => !wanted || wanted.has(t.TrailARN)) };
  },
});
