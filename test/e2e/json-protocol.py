# AWS's JSON protocol (awsJson1_1) through botocore (run by json-protocol.test.ts): prints JSON.
import json
import os

import boto3
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
import urllib.request
import urllib.error
from aws_error import err

E = os.environ['ENDPOINT']
cfg = Config(retries={'max_attempts': 1})
ct = boto3.client('cloudtrail', endpoint_url=E, config=cfg)
out = {}


def raw(target, body, sign=True, content_type='application/x-amz-json-1.1'):
    req = AWSRequest(method='POST', url=E + '/', data=body, headers={'X-Amz-Target': target, 'Content-Type': content_type})
    if sign:
        creds = Credentials(os.environ['AWS_ACCESS_KEY_ID'], os.environ['AWS_SECRET_ACCESS_KEY'])
        SigV4Auth(creds, 'cloudtrail', 'us-east-1').add_auth(req)
    r = urllib.request.Request(E + '/', data=body, headers=dict(req.headers.items()), method='POST')
    try:
        with urllib.request.urlopen(r) as resp:
            return [resp.status, resp.headers.get('Content-Type'), resp.headers.get('x-amzn-ErrorType'), json.loads(resp.read() or b'{}')]
    except urllib.error.HTTPError as e:
        return [e.code, e.headers.get('Content-Type'), e.headers.get('x-amzn-ErrorType'), json.loads(e.read() or b'{}')]


boto3.client('sts', endpoint_url=E, config=cfg).get_caller_identity()
r = ct.lookup_events(LookupAttributes=[{'AttributeKey': 'EventName', 'AttributeValue': 'GetCallerIdentity'}], MaxResults=5)
out['lookup'] = [[e['EventName'], e['EventSource'], e['ReadOnly'], type(e['EventTime']).__name__] for e in r['Events']]
out['e_max'] = err(lambda: ct.lookup_events(MaxResults=51))
out['e_key'] = err(lambda: ct.lookup_events(LookupAttributes=[{'AttributeKey': 'Bogus', 'AttributeValue': 'x'}]))
out['e_unsupported'] = err(lambda: ct.list_event_data_stores())
bad = boto3.client('cloudtrail', endpoint_url=E, config=cfg, aws_access_key_id=os.environ['AWS_ACCESS_KEY_ID'], aws_secret_access_key='wrong-secret-wrong-secret-wrong-secret00')
out['e_signature'] = err(lambda: bad.lookup_events())
unknown = boto3.client('cloudtrail', endpoint_url=E, config=cfg, aws_access_key_id='AKIAUNKNOWNKEY000000', aws_secret_access_key='wrong-secret-wrong-secret-wrong-secret00')
out['e_unknown_key'] = err(lambda: unknown.lookup_events())
prefix = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.'
out['raw_ok'] = raw(prefix + 'LookupEvents', b'{"MaxResults": 1}')[:3]
out['raw_ok_10'] = raw(prefix + 'LookupEvents', b'{"MaxResults": 1}', content_type='application/x-amz-json-1.0')[:2]
out['raw_empty_body'] = raw(prefix + 'LookupEvents', b'')[:3]
out['raw_bad_json'] = raw(prefix + 'LookupEvents', b'{"MaxResults": ')
out['raw_not_object'] = raw(prefix + 'LookupEvents', b'[1]')[3]['__type']
out['raw_wrong_type'] = raw(prefix + 'LookupEvents', b'{"MaxResults": "5"}')[3]
out['raw_unknown_op'] = raw(prefix + 'NoSuchThing', b'{}')
out['raw_unsigned'] = raw(prefix + 'LookupEvents', b'{}', sign=False)
print(json.dumps(out))
