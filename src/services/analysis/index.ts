/** Tessera's own analysis API (restJson1, signing name `tessera`): who can reach a resource, escalation paths. */
import type { AnyOperation } from '../operation.js';
import EscalationPaths from './operations/EscalationPaths.js';
import WhoCan from './operations/WhoCan.js';

export const analysisOperations: AnyOperation[] = [WhoCan, EscalationPaths];
