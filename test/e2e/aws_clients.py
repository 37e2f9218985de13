# Shared by the boto3 scripts the e2e tests run (test/helpers/clients.ts's python() puts this folder on PYTHONPATH).
import os

import boto3
from botocore.config import Config

# One attempt per call (a refusal is seen as it is, not retried away); S3 buckets in the path, as on any endpoint.
CONFIG = Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'})


def client(service, endpoint=None, **kw):
    """A boto3 client for `service` at `endpoint` (the server's ENDPOINT by default); kw as boto3.client's."""
    return boto3.client(service, endpoint_url=endpoint or os.environ['ENDPOINT'], config=CONFIG, **kw)
