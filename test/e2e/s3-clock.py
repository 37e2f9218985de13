# Shared by the S3 boto3 scripts that run with --test-clock (prepended by their tests): err() answers a
# refusal as [code, status], advance() moves the server's clock with a SigV4-signed POST /_admin/clock.
import json
import os
import urllib.request

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.exceptions import ClientError

E = os.environ['ENDPOINT']
session = boto3.session.Session()


def err(f):
    try:
        f()
        return None
    except ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]


def advance(seconds):
    req = AWSRequest(method='POST', url=E + '/_admin/clock', data=json.dumps({'advance': seconds}), headers={'content-type': 'application/json'})
    SigV4Auth(session.get_credentials(), 'tessera', 'us-east-1').add_auth(req)
    with urllib.request.urlopen(urllib.request.Request(req.url, data=req.body, headers=dict(req.headers.items()), method='POST')) as r:
        return json.load(r)['epochMs']
