/** CloudTrail's operations (awsJson1_1: server/pipeline/json.ts), for the registry. */
import type { AnyOperation } from '../operation.js';
import CreateTrail from './operations/CreateTrail.js';
import DeleteTrail from './operations/DeleteTrail.js';
import DescribeTrails from './operations/DescribeTrails.js';
import GetEventSelectors from './operations/GetEventSelectors.js';
import GetTrail from './operations/GetTrail.js';
import GetTrailStatus from './operations/GetTrailStatus.js';
import ListPublicKeys from './operations/ListPublicKeys.js';
import ListTrails from './operations/ListTrails.js';
import LookupEvents from './operations/LookupEvents.js';
import PutEventSelectors from './operations/PutEventSelectors.js';
import StartLogging from './operations/StartLogging.js';
import StopLogging from './operations/StopLogging.js';
import UpdateTrail from './operations/UpdateTrail.js';

export const cloudtrailOperations: AnyOperation[] = [
  LookupEvents,
  CreateTrail,
  DeleteTrail,
  DescribeTrails,
  GetTrail,
  ListTrails,
  UpdateTrail,
  StartLogging,
  StopLogging,
  GetTrailStatus,
  PutEventSelectors,
  GetEventSelectors,
  ListPublicKeys,
];
