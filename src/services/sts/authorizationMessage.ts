/**
 * Encoded authorization messages. AWS encodes the details of some AccessDenied answers (EC2 and a few
 * others; not IAM, STS or S3, so none of Tessera's own operations do) and DecodeAuthorizationMessage turns
 * them back into the explained decision. Tessera seals the decision with the key ring, bound to the
 * account, so only callers of that account holding sts:DecodeAuthorizationMessage can read it.
 */
import type { Caller } from '../../auth/caller.js';
import type { KeyRing } from '../../auth/keyring.js';
import type { RequestContextValues } from '../../authz/context.js';
import type { Decision } from '../../policy/index.js';

const aad = (accountId: string) => `tessera:authorization-message:${accountId}`;

const items = <T>(list: T[]) => ({ items: list });

/** The decoded message, in the shape AWS's DecodeAuthorizationMessage answers with. */
export function describeDecision(caller: Caller, action: string, resource: string, decision: Decision, context: RequestContextValues) {
  return {
    allowed: decision.effect === 'Allow',
    explicitDeny: decision.effect === 'ExplicitDeny',
    matchedStatements: items(
      decision.matched.map((m) => ({
        statementId: m.sid ?? '',
        effect: m.effect.toUpperCase(),
        policy: m.source.id,
        policyType: m.source.type,
        statementIndex: m.statementIndex,
      })),
    ),
    failures: items(decision.effect === 'Allow' ? [] : [{ reason: decision.decidingType ?? 'identity-based', missingContextKeys: decision.missingContextKeys }]),
    context: {
      principal: { id: caller.userId, name: caller.userName ?? caller.sessionName ?? '', arn: caller.arn },
      action,
      resource,
      conditions: items(
        Object.entries(context).map(([key, v]) => ({ key, values: items((Array.isArray(v) ? v : [v]).map((value) => ({ value }))) })),
      ),
    },
  };
}

export function encodeAuthorizationMessage(
  ring: KeyRing,
  caller: Caller,
  action: string,
  resource: string,
  decision: Decision,
  context: RequestContextValues,
): string {
  const json = JSON.stringify(describeDecision(caller, action, resource, decision, context));
  return ring.sealBytes(Buffer.from(json, 'utf8'), aad(caller.accountId));
}

/** The decoded JSON text, or undefined when the message is not one of this account's. */
export async function decodeAuthorizationMessage(ring: KeyRing, accountId: string, encoded: string): Promise<string | undefined> {
  const b = await ring.openBytes(encoded.trim(), aad(accountId));
  return b ? b.toString('utf8') : undefined;
}
