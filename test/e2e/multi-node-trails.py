# A trail changed through node A (ENDPOINT) while S3 data events are made through node B (ENDPOINT_B), each
# within WAIT seconds of A's answer (run by multi-node-trails.test.ts). STEP=start: the trail is created,
# selects trail-data/sel/, logs; STEP=move: its selectors move to other/, it stops and starts again. STEP=delete:
# the trail is deleted. STEP=recreate: created again, selecting other/, and logging (no PUTs). STEP=lookup: B's LookupEvents. Prints JSON: the keys put through B, and how long after A's answer each PUT was sent.
import json
import os
import time

from aws_clients import client

B = os.environ['ENDPOINT_B']
ACCOUNT = os.environ['ACCOUNT']
WAIT = float(os.environ['WAIT'])
ct = client('cloudtrail')
s3a = client('s3')
s3b = client('s3', B)
TRAIL = 'nodes-trail'
ARN = f'arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/{TRAIL}'
out = {'puts': [], 'answers': {}}


def selecting(prefix):
    return [{'ReadWriteType': 'All', 'IncludeManagementEvents': True,
             'DataResources': [{'Type': 'AWS::S3::Object', 'Values': [f'arn:aws:s3:::trail-data/{prefix}']}]}]


def on_a(name, call):
    """A's change, then B's PUTs WAIT seconds after A answered."""
    r = call()
    out['answers'][name] = r['ResponseMetadata']['HTTPStatusCode']
    return time.monotonic()


def on_b(answered, *keys):
    time.sleep(max(0.0, WAIT - (time.monotonic() - answered)))
    for key in keys:
        sent = time.monotonic()
        s3b.put_object(Bucket='trail-data', Key=key, Body=key.encode())
        out['puts'].append({'key': key, 'after': round(sent - answered, 3)})


if os.environ['STEP'] == 'start':
    s3a.create_bucket(Bucket='trail-logs')
    s3a.create_bucket(Bucket='trail-data')
    s3a.put_bucket_policy(Bucket='trail-logs', Policy=json.dumps({
        'Version': '2012-10-17',
        'Statement': [
            {'Effect': 'Allow', 'Principal': {'Service': 'cloudtrail.amazonaws.com'}, 'Action': 's3:GetBucketAcl',
             'Resource': 'arn:aws:s3:::trail-logs'},
            {'Effect': 'Allow', 'Principal': {'Service': 'cloudtrail.amazonaws.com'}, 'Action': 's3:PutObject',
             'Resource': f'arn:aws:s3:::trail-logs/AWSLogs/{ACCOUNT}/*',
             'Condition': {'StringEquals': {'s3:x-amz-acl': 'bucket-owner-full-control'}}},
        ],
    }))
    ct.create_trail(Name=TRAIL, S3BucketName='trail-logs')
    # Selectors on a trail not logging yet: nothing is recorded.
    on_b(on_a('PutEventSelectors', lambda: ct.put_event_selectors(TrailName=TRAIL, EventSelectors=selecting('sel/'))), 'sel/0-not-logging')
    on_b(on_a('StartLogging', lambda: ct.start_logging(Name=TRAIL)), 'sel/1-logging', 'other/1-not-selected')
elif os.environ['STEP'] == 'move':
    on_b(on_a('PutEventSelectors2', lambda: ct.put_event_selectors(TrailName=ARN, EventSelectors=selecting('other/'))), 'sel/2-no-longer-selected', 'other/2-now-selected')
    on_b(on_a('StopLogging', lambda: ct.stop_logging(Name=TRAIL)), 'other/3-stopped')
    on_b(on_a('StartLogging2', lambda: ct.start_logging(Name=ARN)), 'other/4-restarted')
    out['status'] = ct.get_trail_status(Name=TRAIL)['IsLogging']
elif os.environ['STEP'] == 'recreate':
    ct.create_trail(Name=TRAIL, S3BucketName='trail-logs')
    ct.put_event_selectors(TrailName=TRAIL, EventSelectors=selecting('other/'))
    on_a('StartLogging', lambda: ct.start_logging(Name=TRAIL))
elif os.environ['STEP'] == 'delete':
    on_b(on_a('DeleteTrail', lambda: ct.delete_trail(Name=TRAIL)), 'other/5-deleted')
    out['trails'] = ct.describe_trails()['trailList']
elif os.environ['STEP'] == 'lookup':
    # The management events made through A (written by A's recorder), read through B's LookupEvents.
    ct_b = client('cloudtrail', B)
    out['lookup'] = [
        {'name': e['EventName'], 'record': json.loads(e['CloudTrailEvent'])}
        for e in ct_b.lookup_events(LookupAttributes=[{'AttributeKey': 'EventSource', 'AttributeValue': 'cloudtrail.amazonaws.com'}])['Events']
    ]

print(json.dumps(out, default=str))
