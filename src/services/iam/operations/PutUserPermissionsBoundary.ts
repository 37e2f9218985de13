import { putBoundary } from '../families.js';

/** iam:PutUserPermissionsBoundary */
export default putBoundary('user');
