/**
 * What start-up (server/app.ts) uses from CloudTrail; other modules import CloudTrail only through this
 * file (test/house/service-doors.test.ts keeps it so).
 *
 *  - auditRecorder(deps): the recorder the pipeline hands every call to (deps.audit).
 */
export { auditRecorder } from './recorder.js';
