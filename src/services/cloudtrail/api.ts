/**
 * What start-up (server/app.ts) uses from CloudTrail; other modules import CloudTrail only through this
 * file (test/house/service-doors.test.ts keeps it so).
 *
 *  - auditRecorder(deps): the recorder the pipeline hands every call to (deps.audit).
 *  - startTrailDelivery(deps): the periodic delivery of trails' log and digest files; returns its stop.
 */
export { auditRecorder } from './recorder.js';
export { startTrailDelivery } from './delivery.js';
