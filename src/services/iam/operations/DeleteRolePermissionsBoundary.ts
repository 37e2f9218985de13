import { deleteBoundary } from '../families.js';

/** iam:DeleteRolePermissionsBoundary */
export default deleteBoundary('role');
