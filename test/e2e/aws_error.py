# Shared by the boto3 scripts the e2e tests run (test/helpers/clients.ts's python() puts this folder on PYTHONPATH).
from botocore.exceptions import ClientError


def err(f):
    """None when f() succeeds; else the AWS error as [code, HTTP status, message]."""
    try:
        f()
        return None
    except ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error'].get('Message', '')]
