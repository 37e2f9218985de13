import { deleteBoundary } from '../families.js';

/** iam:DeleteUserPermissionsBoundary */
export default deleteBoundary('user');
