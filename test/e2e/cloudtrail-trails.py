# Trails through boto3's cloudtrail client (run by cloudtrail-trails.test.ts): the set-up and the control
# plane. STEP=setup creates the buckets, refusals and the trail; STEP=status reads the trail back. Prints JSON.
import json
import os

from aws_clients import client
from aws_error import err

ACCOUNT = os.environ['ACCOUNT']
REGION = 'us-east-1'
ct = client('cloudtrail')
s3 = client('s3')
iam = client('iam')
TRAIL = 'main-trail'
ARN = f'arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/{TRAIL}'
out = {}


def documented_policy(bucket, prefix):
    """The bucket policy of the CloudTrail User Guide ("Amazon S3 bucket policy for CloudTrail")."""
    return json.dumps({
        'Version': '2012-10-17',
        'Statement': [
            {'Sid': 'AWSCloudTrailAclCheck20150319', 'Effect': 'Allow', 'Principal': {'Service': 'cloudtrail.amazonaws.com'},
             'Action': 's3:GetBucketAcl', 'Resource': f'arn:aws:s3:::{bucket}',
             'Condition': {'StringEquals': {'aws:SourceArn': ARN}}},
            {'Sid': 'AWSCloudTrailWrite20150319', 'Effect': 'Allow', 'Principal': {'Service': 'cloudtrail.amazonaws.com'},
             'Action': 's3:PutObject', 'Resource': f'arn:aws:s3:::{bucket}/{prefix}/AWSLogs/{ACCOUNT}/*',
             'Condition': {'StringEquals': {'s3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': ARN}}},
        ],
    })


if os.environ['STEP'] == 'setup':
    s3.create_bucket(Bucket='trail-logs')
    s3.create_bucket(Bucket='trail-data')
    create = lambda **kw: ct.create_trail(Name=TRAIL, S3BucketName='trail-logs', S3KeyPrefix='audit', EnableLogFileValidation=True, **kw)
    out['no_bucket'] = err(lambda: ct.create_trail(Name=TRAIL, S3BucketName='no-such-trail-bucket'))
    out['no_policy'] = err(create)
    # A policy without the bucket-owner-full-control condition's grant of PutObject on the prefix: still refused.
    s3.put_bucket_policy(Bucket='trail-logs', Policy=documented_policy('trail-logs', 'elsewhere'))
    out['wrong_prefix_policy'] = err(create)
    s3.put_bucket_policy(Bucket='trail-logs', Policy=documented_policy('trail-logs', 'audit'))
    # A user without cloudtrail:CreateTrail.
    iam.create_user(UserName='no-trails')
    key = iam.create_access_key(UserName='no-trails')['AccessKey']
    denied = client('cloudtrail', aws_access_key_id=key['AccessKeyId'], aws_secret_access_key=key['SecretAccessKey'])
    out['denied'] = err(lambda: denied.create_trail(Name=TRAIL, S3BucketName='trail-logs', S3KeyPrefix='audit'))
    out['bad_name'] = err(lambda: ct.create_trail(Name='a', S3BucketName='trail-logs'))
    out['created'] = create(IsMultiRegionTrail=True)
    out['again'] = err(lambda: create())
    out['advanced'] = err(lambda: ct.put_event_selectors(TrailName=TRAIL, AdvancedEventSelectors=[{'FieldSelectors': [{'Field': 'eventCategory', 'Equals': ['Data']}]}]))
    out['bad_selector'] = err(lambda: ct.put_event_selectors(TrailName=TRAIL, EventSelectors=[{'DataResources': [{'Type': 'AWS::Lambda::Function', 'Values': ['arn:aws:lambda']}]}]))
    out['selectors'] = ct.put_event_selectors(TrailName=ARN, EventSelectors=[{
        'ReadWriteType': 'All', 'IncludeManagementEvents': True,
        'DataResources': [{'Type': 'AWS::S3::Object', 'Values': ['arn:aws:s3:::trail-data/sel/']}],
    }])
    out['status_before'] = ct.get_trail_status(Name=TRAIL)
    ct.start_logging(Name=TRAIL)
    out['missing'] = err(lambda: ct.get_trail(Name='nope-trail'))
elif os.environ['STEP'] == 'status':
    out['status'] = ct.get_trail_status(Name=TRAIL)
    out['trail'] = ct.get_trail(Name=ARN)['Trail']
    out['described'] = ct.describe_trails(trailNameList=[TRAIL, 'unknown-trail'])['trailList']
    out['listed'] = ct.list_trails()['Trails']
    out['selectors'] = ct.get_event_selectors(TrailName=TRAIL)
    keys = ct.list_public_keys(StartTime='2020-01-01T00:00:00Z')['PublicKeyList']
    out['keys'] = [{'Fingerprint': k['Fingerprint'], 'der': k['Value'].hex(), 'from': k['ValidityStartTime'].isoformat(), 'to': k['ValidityEndTime'].isoformat()} for k in keys]
    out['bad_range'] = err(lambda: ct.list_public_keys(StartTime='2030-01-01T00:00:00Z', EndTime='2020-01-01T00:00:00Z'))

print(json.dumps(out, default=str))
