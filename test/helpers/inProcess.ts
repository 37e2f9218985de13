/**
 * The in-process test tier: an operation run against a memory store with no HTTP and no signature — the
 * query protocol's real decode (AWS's model) and the pipeline's own prepare → authorize → handle
 * (server/pipeline/run.ts runOperation), as a given caller. For the cases end-to-end tests are too slow to
 * enumerate (limits, validation tables, condition keys); the wire, the signature and the real clients stay
 * with test/e2e. Tests of this tier sit beside the operation they exercise (operations/<Name>.test.ts).
 */
import type { Caller } from '../../src/auth/caller.js';
import { decodeInput, paramTree } from '../../src/protocol/query/decode.js';
import { loadModel } from '../../src/protocol/query/model.js';
import { buildDeps } from '../../src/server/app.js';
import { resolveConfig } from '../../src/server/config.js';
import type { Deps } from '../../src/server/deps.js';
import { operationContext, runOperation } from '../../src/server/pipeline/run.js';
import { operations } from '../../src/services/registry.js';

export const ACCOUNT = '123456789012';

export interface InProcess {
  deps: Deps;
  root: Caller;
  /**
   * Runs IAM or STS `action` with the query parameters AWS's clients would send (`Tags.member.1.Key`, ...)
   * as `caller` (the account root by default). Resolves with the output shape; rejects with the ServiceError.
   */
  query(service: 'iam' | 'sts', action: string, params?: Record<string, string>, caller?: Caller): Promise<Record<string, unknown>>;
  /** Creates an IAM user (through CreateUser) and returns the Caller its access keys would resolve to. */
  user(name: string): Promise<Caller>;
  close(): Promise<void>;
}

export async function inProcess(): Promise<InProcess> {
  const config = resolveConfig({ memory: true, accountId: ACCOUNT, log: 'off' }, {});
  const { deps } = await buildDeps(config);
  const root: Caller = { type: 'root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT };
  let n = 0;
  const query: InProcess['query'] = async (service, action, params = {}, caller = root) => {
    const op = operations.get(service, action);
    const model = loadModel(service);
    const opModel = model.operations[action];
    if (!op || !opModel) throw new Error(`no operation ${service}:${action}`);
    const input = decodeInput(model, opModel.input?.shape, paramTree(Object.entries(params)));
    const ex = { requestId: `in-process-${++n}`, sourceIp: '127.0.0.1', secure: true, headers: [] as [string, string][] };
    const ctx = operationContext(deps, ex, { caller, region: config.region }, deps.clock.now());
    return ((await runOperation(op, input, ctx, {})) ?? {}) as Record<string, unknown>;
  };
  return {
    deps,
    root,
    query,
    async user(name) {
      const out = (await query('iam', 'CreateUser', { UserName: name })) as { User: { UserId: string; Arn: string } };
      return { type: 'user', accountId: ACCOUNT, arn: out.User.Arn, userId: out.User.UserId, userName: name };
    },
    close: () => deps.store.close(),
  };
}
