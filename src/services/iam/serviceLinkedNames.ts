/**
 * The service-linked role names of AWS services (AWS's documentation of each service's service-linked role:
 * "AWSServiceRoleFor..." for the service principal). `suffix`: the service accepts CreateServiceLinkedRole's
 * CustomSuffix (the role is then named NAME_SUFFIX). A principal not listed here is refused: Tessera does not
 * guess a name AWS would give differently.
 */
export interface ServiceLinkedName {
  name: string;
  suffix?: true;
}

export const SERVICE_LINKED_NAMES: Record<string, ServiceLinkedName> = {
  'access-analyzer.amazonaws.com': { name: 'AWSServiceRoleForAccessAnalyzer' },
  'autoscaling.amazonaws.com': { name: 'AWSServiceRoleForAutoScaling', suffix: true },
  'backup.amazonaws.com': { name: 'AWSServiceRoleForBackup' },
  'batch.amazonaws.com': { name: 'AWSServiceRoleForBatch' },
  'cloudtrail.amazonaws.com': { name: 'AWSServiceRoleForCloudTrail' },
  'compute-optimizer.amazonaws.com': { name: 'AWSServiceRoleForComputeOptimizer' },
  'config.amazonaws.com': { name: 'AWSServiceRoleForConfig' },
  'dynamodb.application-autoscaling.amazonaws.com': { name: 'AWSServiceRoleForApplicationAutoScaling_DynamoDBTable' },
  'ecs.amazonaws.com': { name: 'AWSServiceRoleForECS' },
  'ecs.application-autoscaling.amazonaws.com': { name: 'AWSServiceRoleForApplicationAutoScaling_ECSService' },
  'eks.amazonaws.com': { name: 'AWSServiceRoleForAmazonEKS' },
  'eks-nodegroup.amazonaws.com': { name: 'AWSServiceRoleForAmazonEKSNodegroup' },
  'elasticache.amazonaws.com': { name: 'AWSServiceRoleForElastiCache' },
  'elasticbeanstalk.amazonaws.com': { name: 'AWSServiceRoleForElasticBeanstalk' },
  'elasticloadbalancing.amazonaws.com': { name: 'AWSServiceRoleForElasticLoadBalancing' },
  'es.amazonaws.com': { name: 'AWSServiceRoleForAmazonElasticsearchService' },
  'globalaccelerator.amazonaws.com': { name: 'AWSServiceRoleForGlobalAccelerator' },
  'guardduty.amazonaws.com': { name: 'AWSServiceRoleForAmazonGuardDuty' },
  'inspector2.amazonaws.com': { name: 'AWSServiceRoleForAmazonInspector2' },
  'kafka.amazonaws.com': { name: 'AWSServiceRoleForKafka' },
  'opensearchservice.amazonaws.com': { name: 'AWSServiceRoleForAmazonOpenSearchService' },
  'organizations.amazonaws.com': { name: 'AWSServiceRoleForOrganizations' },
  'rds.amazonaws.com': { name: 'AWSServiceRoleForRDS' },
  'redshift.amazonaws.com': { name: 'AWSServiceRoleForRedshift' },
  'securityhub.amazonaws.com': { name: 'AWSServiceRoleForSecurityHub' },
  'spot.amazonaws.com': { name: 'AWSServiceRoleForEC2Spot' },
  'spotfleet.amazonaws.com': { name: 'AWSServiceRoleForEC2SpotFleet' },
  'ssm.amazonaws.com': { name: 'AWSServiceRoleForAmazonSSM' },
  'sso.amazonaws.com': { name: 'AWSServiceRoleForSSO' },
  'support.amazonaws.com': { name: 'AWSServiceRoleForSupport' },
  'trustedadvisor.amazonaws.com': { name: 'AWSServiceRoleForTrustedAdvisor' },
};
