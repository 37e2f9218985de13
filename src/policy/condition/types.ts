import type { RequestContext } from '../request.js';

/** Tests one request value against all of a condition's policy values (OR across them). */
export interface ValueMatcher {
  matchesAny(requestValue: string, ctx: RequestContext): boolean;
}

export const SET_NONE = 0;
export const SET_FOR_ALL = 1;
export const SET_FOR_ANY = 2;

export interface CompiledCondition {
  /** As written, e.g. 'ForAnyValue:StringLikeIfExists'. */
  readonly operator: string;
  /** As written, e.g. 'aws:PrincipalTag/Dept'. */
  readonly key: string;
  readonly keyLower: string;
  readonly set: 0 | 1 | 2;
  readonly ifExists: boolean;
  readonly negated: boolean;
  /** Null operator: one boolean per policy value (true = "the key is absent"). */
  readonly nullValues: readonly boolean[] | null;
  readonly matcher: ValueMatcher | null;
}
