/** Action-style glob matching (`*`, `?`, case-insensitive) with the policy engine's own matcher. */
import { compileGlob, globMatch } from '../../policy/index.js';

export const matchesAction = (pattern: string, text: string): boolean => globMatch(compileGlob(pattern, true), text.toLowerCase());
