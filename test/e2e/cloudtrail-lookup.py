# The audit trail read back through boto3's cloudtrail client (run by cloudtrail-audit.test.ts): prints JSON.
import datetime
import json
import os

import boto3
from botocore.config import Config

from aws_error import err

E = os.environ['ENDPOINT']
cfg = Config(retries={'max_attempts': 1})
ct = boto3.client('cloudtrail', endpoint_url=E, config=cfg)
out = {}


# Whole seconds, as botocore sends them (the test starts this script after the second of its last call).
NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def lookup(key=None, value=None, **kw):
    kw.setdefault('EndTime', NOW)
    attrs = [{'AttributeKey': key, 'AttributeValue': value}] if key else []
    events, token = [], None
    while True:
        args = dict(LookupAttributes=attrs, MaxResults=kw.get('page', 50), **{k: v for k, v in kw.items() if k != 'page'})
        if token:
            args['NextToken'] = token
        r = ct.lookup_events(**args)
        events += r['Events']
        token = r.get('NextToken')
        if not token:
            return events


def summary(e):
    return {'EventId': e['EventId'], 'EventName': e['EventName'], 'EventSource': e['EventSource'], 'ReadOnly': e['ReadOnly'],
            'Username': e.get('Username'), 'AccessKeyId': e.get('AccessKeyId'), 'EventTime': e['EventTime'].timestamp(),
            'Resources': e.get('Resources', []), 'record': json.loads(e['CloudTrailEvent'])}


everything = lookup()
out['all'] = [summary(e) for e in everything]
out['paged2'] = [e['EventId'] for e in lookup(page=2)]
out['byUser'] = [e['EventName'] for e in lookup('Username', os.environ['USER_NAME'])]
out['byName'] = [summary(e) for e in lookup('EventName', 'AssumeRole')]
out['byResourceName'] = [e['EventName'] for e in lookup('ResourceName', os.environ['ROLE_ARN'])]
out['byResourceType'] = sorted(set(e['EventName'] for e in lookup('ResourceType', 'AWS::IAM::User')))
out['byKey'] = [e['EventName'] for e in lookup('AccessKeyId', os.environ['USER_KEY'])]
out['bySource'] = [e['EventName'] for e in lookup('EventSource', 'signin.amazonaws.com')]
out['readOnly'] = sorted(set(e['ReadOnly'] for e in lookup('ReadOnly', 'true')))
first = everything[-1]
out['byId'] = [e['EventId'] for e in lookup('EventId', first['EventId'])] == [first['EventId']]
mid = everything[len(everything) // 2]['EventTime']
out['timeRange'] = all(e['EventTime'] <= mid for e in lookup(EndTime=mid)) and len(lookup(EndTime=mid)) < len(everything)
out['startAfterAll'] = lookup(StartTime=NOW + datetime.timedelta(hours=1), EndTime=NOW + datetime.timedelta(hours=2))
page = ct.lookup_events(MaxResults=1)
out['e_token_other_filter'] = err(lambda: ct.lookup_events(MaxResults=1, NextToken=page['NextToken'], LookupAttributes=[{'AttributeKey': 'ReadOnly', 'AttributeValue': 'true'}]))
out['e_token_garbage'] = err(lambda: ct.lookup_events(NextToken='bm90IGEgdG9rZW4'))
out['e_two_attrs'] = err(lambda: ct.lookup_events(LookupAttributes=[{'AttributeKey': 'ReadOnly', 'AttributeValue': 'true'}, {'AttributeKey': 'EventName', 'AttributeValue': 'x'}]))
out['e_range'] = err(lambda: ct.lookup_events(StartTime=10000, EndTime=5000))
user = boto3.client('cloudtrail', endpoint_url=E, config=cfg, aws_access_key_id=os.environ['USER_KEY'], aws_secret_access_key=os.environ['USER_SECRET'])
out['e_denied'] = err(lambda: user.lookup_events())
print(json.dumps(out, default=str))
