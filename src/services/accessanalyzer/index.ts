/** Access Analyzer's operations (restJson1): its policy checks, one file each under operations/. */
import type { AnyOperation } from '../operation.js';
import ValidatePolicy from './operations/ValidatePolicy.js';

export const accessAnalyzerOperations: AnyOperation[] = [ValidatePolicy];
