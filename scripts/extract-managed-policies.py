#!/usr/bin/env python3
"""Writes src/services/iam/managed/<Name>.json for the AWS managed policies Tessera ships: their documents,
paths, default version ids and dates as AWS publishes them. The data comes from the installed `moto`
package's copy of AWS's managed policies (moto.iam.aws_managed_policies; Apache-2.0 — see
src/services/iam/managed/NOTICE.md); only AWS's published facts are taken, no moto code.

Selection rule (the policies users attach most):
  1. the account-wide ones: AdministratorAccess, PowerUserAccess, ReadOnlyAccess, SecurityAudit, and every
     /job-function/ policy (ViewOnlyAccess, DatabaseAdministrator, ...);
  2. IAM's, STS's and S3's own: every policy whose name starts with IAM or AmazonS3;
  3. the FullAccess / ReadOnly(Access) policies (path /) of the widely used services in SERVICES below;
  4. the service-role and execution policies users attach to their roles most (COMMON below).
Descriptions: kept from the files already in the folder (AWS's managed-policy reference); moto carries
none, so new policies have none. Run: python3 scripts/extract-managed-policies.py"""
import json, os, re
from moto.iam.aws_managed_policies import aws_managed_policies_data

SERVICES = [
    "AmazonEC2", "AmazonVPC", "AmazonRDS", "AmazonDynamoDB", "AWSLambda", "AmazonSQS", "AmazonSNS", "AmazonSES",
    "CloudWatch", "AWSCloudFormation", "AmazonECS", "AmazonEC2ContainerRegistry", "AmazonEKS", "AmazonRoute53",
    "AmazonKinesis", "AmazonAthena", "AWSGlue", "AmazonRedshift", "AmazonElastiCache", "AmazonAPIGateway",
    "AWSCodeBuild", "AWSCodeCommit", "AWSCodeDeploy", "AWSCodePipeline", "AWSCodeArtifact", "AWSStepFunctions",
    "AmazonEventBridge", "AmazonCognito", "AmazonOpenSearchService", "AmazonES", "ElasticLoadBalancing",
    "AutoScaling", "CloudFront", "AWSCloudTrail", "AWSOrganizations", "AWSBackup", "AWSBatch", "AmazonSageMaker",
    "AmazonBedrock", "AWSXray", "AmazonSSM", "AmazonElasticFileSystem", "AmazonGlacier", "AmazonElasticMapReduce",
    "AmazonMSK", "AmazonMQ", "AmazonGuardDuty", "AmazonInspector2", "AWSSecurityHub", "AWSWAF",
    "AWSCertificateManager", "AWSDirectConnect", "AWSTransfer", "AWSStorageGateway", "AWSDataSync",
    "AWSResourceGroups", "ServiceQuotas", "AWSBilling", "AmazonTextract", "AmazonRekognition", "AmazonPolly",
    "AmazonTranscribe", "TranslateReadOnly", "ComprehendFullAccess", "AmazonDocDB", "NeptuneFullAccess",
    "AmazonKeyspaces", "AmazonMemoryDB", "AmazonFSx", "AWSPrivateCA", "AWSHealth", "AWSIoT", "AWSElasticBeanstalk",
]
COMMON = [
    "AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy", "CloudWatchAgentAdminPolicy",
    "AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole", "AWSLambdaSQSQueueExecutionRole",
    "AWSLambdaDynamoDBExecutionRole", "AWSLambdaKinesisExecutionRole", "AWSLambdaRole", "AWSLambdaExecute",
    "AWSLambdaInvocation-DynamoDB", "AmazonECSTaskExecutionRolePolicy", "AmazonEC2ContainerServiceforEC2Role",
    "AmazonEC2ContainerServiceRole", "AmazonEC2ContainerServiceAutoscaleRole", "AmazonEKSClusterPolicy",
    "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEKSServicePolicy", "AmazonEKSVPCResourceController",
    "AmazonEBSCSIDriverPolicy", "AWSGlueServiceRole", "AmazonRDSEnhancedMonitoringRole", "AWSXRayDaemonWriteAccess",
    "AWSXrayWriteOnlyAccess", "AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores",
    "AWSCodeDeployRole", "AWSCodeDeployRoleForECS", "AmazonSSMAutomationRole", "AWS_ConfigRole",
    "AmazonAPIGatewayPushToCloudWatchLogs", "AmazonAPIGatewayAdministrator", "AWSBatchServiceRole",
    "AmazonElasticMapReduceRole", "AmazonElasticMapReduceforEC2Role", "AWSElasticBeanstalkWebTier",
    "AWSElasticBeanstalkWorkerTier", "AWSElasticBeanstalkMulticontainerDocker", "AdministratorAccess-AWSElasticBeanstalk",
    "AWSSupportAccess", "AWSKeyManagementServicePowerUser", "SecretsManagerReadWrite", "AmazonEC2RoleforSSM",
    "AWSCodeCommitPowerUser", "AWSCodeBuildDeveloperAccess", "AWSCodeBuildAdminAccess", "AWSCodeArtifactAdminAccess",
    "AmazonEC2ContainerRegistryPowerUser", "AmazonCognitoPowerUser", "AmazonCognitoDeveloperAuthenticatedIdentities",
    "AWSAppSyncAdministrator", "AWSCloudShellFullAccess", "AmazonS3ObjectLambdaExecutionRolePolicy",
    "AWSStepFunctionsConsoleFullAccess", "AmazonSNSRole", "AWSIoTDataAccess", "AWSQuickSightDescribeRDS",
    "AmazonEventBridgeSchedulerFullAccess", "AWSAccountManagementReadOnlyAccess", "AWSMarketplaceRead-only",
    "AWSPriceListServiceFullAccess", "AWSServiceCatalogAdminFullAccess", "AWSServiceCatalogEndUserFullAccess",
    "AmazonRoute53DomainsFullAccess", "AmazonRoute53ResolverFullAccess", "AWSWAFConsoleFullAccess",
    "AWSCertificateManagerPrivateCAFullAccess", "AWSDeviceFarmFullAccess", "AWSMarketplaceFullAccess",
    "ResourceGroupsandTagEditorFullAccess", "ResourceGroupsandTagEditorReadOnlyAccess", "AWSConfigUserAccess",
    "IAMAccessAdvisorReadOnly", "AmazonInspector2FullAccess", "AmazonGuardDutyFullAccess", "AWSOrganizationsReadOnlyAccess",
]
CORE = ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "SecurityAudit"]

data = json.loads(aws_managed_policies_data)


def chosen(name, p):
    if name in CORE or name in COMMON or p["Path"] == "/job-function/":
        return True
    if re.match(r"^(IAM|AmazonS3)", name):
        return True
    if p["Path"] == "/" and re.search(r"(FullAccess|ReadOnlyAccess|ReadOnly)$", name):
        return any(name.startswith(s) for s in SERVICES)
    return False


folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "services", "iam", "managed")
existing = {}
for f in os.listdir(folder):
    if f.endswith(".json"):
        d = json.load(open(os.path.join(folder, f)))
        existing[d["name"]] = d.get("description", "")
        os.remove(os.path.join(folder, f))

iso = lambda s: s.replace("+00:00", "Z")
TOP = ["Version", "Id", "Statement"]
STMT = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]


def ordered(d, order):
    """The keys in the order AWS writes its documents (moto's copy has them sorted)."""
    return {k: d[k] for k in sorted(d, key=lambda k: (order.index(k) if k in order else len(order), k))}


def aws_order(doc):
    doc = ordered(doc, TOP)
    st = doc.get("Statement")
    if isinstance(st, list):
        doc["Statement"] = [ordered(x, STMT) for x in st]
    elif isinstance(st, dict):
        doc["Statement"] = ordered(st, STMT)
    return doc
count = 0
for name in sorted(data):
    p = data[name]
    if not chosen(name, p):
        continue
    out = {
        "name": name,
        "path": p["Path"],
        "description": existing.get(name, ""),
        "createDate": iso(p["CreateDate"]),
        "updateDate": iso(p["UpdateDate"]),
        "defaultVersion": p["DefaultVersionId"],
        "document": aws_order(p["Document"]),
    }
    with open(os.path.join(folder, name + ".json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    count += 1
print(count, "policies")
