/** Access Analyzer's operations (restJson1): its policy checks, one file each under operations/. */
import type { AnyOperation } from '../operation.js';
import CheckAccessNotGranted from './operations/CheckAccessNotGranted.js';
import CheckNoNewAccess from './operations/CheckNoNewAccess.js';
import CheckNoPublicAccess from './operations/CheckNoPublicAccess.js';
import ValidatePolicy from './operations/ValidatePolicy.js';

export const accessAnalyzerOperations: AnyOperation[] = [ValidatePolicy, CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess];
