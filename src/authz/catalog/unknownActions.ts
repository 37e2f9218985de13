/**
 * unknownActions(policy): the Action / NotAction entries of a policy that name no catalogued action — for
 * policy linting. AWS IAM itself accepts such policies (it checks only the grammar; unknown actions simply
 * never match), so parsePolicy never calls this.
 *
 * Judged: entries of the catalogued services (iam, sts, s3), wildcards included (`s3:Get*` is known if it
 * matches some s3 action). Not judged: `*`, and entries of other services (the catalog does not cover them).
 */
import { compileGlob, globMatch } from '../../policy/match/glob.js';
import { allActions, catalogServices, isKnownAction } from './index.js';

function entriesOf(statement: unknown): string[] {
  if (!statement || typeof statement !== 'object') return [];
  const s = statement as Record<string, unknown>;
  const out: string[] = [];
  for (const field of ['Action', 'NotAction']) {
    const v = s[field];
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  }
  return out;
}

function isKnownPattern(entry: string): boolean {
  if (!/[*?]/.test(entry)) return isKnownAction(entry);
  const g = compileGlob(entry, true);
  return allActions().some((a) => globMatch(g, a.toLowerCase()));
}

/** The unknown entries, in order of appearance, each once. Accepts the document text or its parsed JSON. */
export function unknownActions(policy: string | object): string[] {
  let doc: unknown = policy;
  if (typeof policy === 'string') {
    try {
      doc = JSON.parse(policy);
    } catch {
      return [];
    }
  }
  const st = (doc as { Statement?: unknown } | null)?.Statement;
  const statements = Array.isArray(st) ? st : [st];
  const services = catalogServices();
  const out: string[] = [];
  for (const entry of statements.flatMap(entriesOf)) {
    if (entry === '*' || out.includes(entry)) continue;
    const colon = entry.indexOf(':');
    const service = colon > 0 ? entry.slice(0, colon).toLowerCase() : '';
    if (colon > 0 && !services.has(service)) continue;
    if (!isKnownPattern(entry)) out.push(entry);
  }
  return out;
}
