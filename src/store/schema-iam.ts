/** IAM's tables (users, groups, roles, policies, MFA devices, identity providers, ...). Owned by services/iam. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IamTables {}
