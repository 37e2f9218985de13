import { defineOperation } from '../../operation.js';
import type { Finding } from '../findings.js';
import { validatePolicy, type ValidateInput } from '../validate.js';
import { pageOf } from '../paging.js';

interface Input extends ValidateInput {
  locale?: string;
  maxResults?: number;
  nextToken?: string;
}

/** access-analyzer:ValidatePolicy — the policy checks of AWS's validation reference over one document. */
export default defineOperation<Input, { findings: Finding[]; nextToken?: string }>({
  service: 'access-analyzer',
  name: 'ValidatePolicy',
  checks: () => [{ action: 'access-analyzer:ValidatePolicy', resource: '*' }],
  handle: async (input) => {
    const { items, nextToken } = pageOf(validatePolicy(input), input.maxResults, input.nextToken);
    return { findings: items, nextToken };
  },
});
