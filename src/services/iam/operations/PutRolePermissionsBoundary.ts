import { putBoundary } from '../families.js';

/** iam:PutRolePermissionsBoundary */
export default putBoundary('role');
