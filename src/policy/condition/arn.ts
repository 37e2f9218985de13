// ArnEquals / ArnLike (identical) and their negations: case-sensitive, segment by segment.
import { PatternMatcher } from './string.js';

export const arnLike = (values: readonly string[], vars: boolean) => new PatternMatcher(values, 'arn-like', vars);
