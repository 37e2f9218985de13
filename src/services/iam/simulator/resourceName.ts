/**
 * The top-level EvalResourceName of an action's EvaluationResult. Since 2026-07-30 the IAM API Reference
 * says it is "The ARN template for the simulated resource type (for example,
 * arn:${Partition}:s3:::${BucketName}/${KeyName}), or * if no ARN format is defined for the action": the
 * template comes from the action catalog (the Service Authorization Reference's resource types table).
 * Choice: of an action's resource types, the first whose template fits the first simulated resource,
 * else the first required one, else the first; '*' for actions outside the catalog or without one.
 */
import { actionInfo } from '../../../authz/catalog/index.js';

/** A template as a whole-string matcher: each ${Placeholder} stands for any text. */
function fits(template: string, arn: string): boolean {
  const parts = template.split(/\$\{[^}]*\}/);
  if (parts.length === 1) return template === arn;
  if (!arn.startsWith(parts[0]!)) return false;
  let pos = parts[0]!.length;
  for (let i = 1; i < parts.length; i++) {
    const lit = parts[i]!;
    if (i === parts.length - 1) return arn.length - lit.length >= pos && arn.endsWith(lit);
    const at = arn.indexOf(lit, pos);
    if (at < 0) return false;
    pos = at + lit.length;
  }
  return true;
}

export function resourceTemplate(action: string, resources: readonly string[]): string {
  const types = actionInfo(action)?.resourceTypes.filter((t) => t.arn !== undefined) ?? [];
  if (types.length === 0) return '*';
  const first = resources[0];
  const pick = (first !== undefined ? types.find((t) => fits(t.arn!, first)) : undefined) ?? types.find((t) => t.required) ?? types[0]!;
  return pick.arn!;
}
