/** CloudTrail's operations (awsJson1_1: server/pipeline/json.ts), for the registry. */
import type { AnyOperation } from '../operation.js';
import LookupEvents from './operations/LookupEvents.js';

export const cloudtrailOperations: AnyOperation[] = [LookupEvents];
