# Object and bucket tagging, and delete markers, through boto3 (run by s3-tagging.test.ts): prints JSON.
import json
import os

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
B = os.environ['BUCKET']
out = {}


def err(f):
    try:
        f()
        return None
    except ClientError as e:
        md = e.response['ResponseMetadata']
        return [e.response['Error']['Code'], md['HTTPStatusCode'], md['HTTPHeaders'].get('x-amz-delete-marker')]


def tags(key, vid=None):
    kw = {'VersionId': vid} if vid else {}
    return s3.get_object_tagging(Bucket=B, Key=key, **kw)['TagSet']


def tagset(*pairs):
    return {'TagSet': [{'Key': k, 'Value': v} for k, v in pairs]}


s3.create_bucket(Bucket=B)
s3.put_bucket_versioning(Bucket=B, VersioningConfiguration={'Status': 'Enabled'})
v1 = s3.put_object(Bucket=B, Key='t', Body=b'x', Tagging='a=1&b=two%20words')['VersionId']
out['count'] = s3.head_object(Bucket=B, Key='t')['ResponseMetadata']['HTTPHeaders'].get('x-amz-tagging-count')
out['tags1'] = tags('t')
out['putVid'] = s3.put_object_tagging(Bucket=B, Key='t', Tagging=tagset(('c', '3')))['VersionId'] == v1
v2 = s3.put_object(Bucket=B, Key='t', Body=b'y')['VersionId']
out['tagsV1'] = tags('t', v1)
out['tagsLatest'] = tags('t')
out['countLatest'] = s3.get_object(Bucket=B, Key='t')['ResponseMetadata']['HTTPHeaders'].get('x-amz-tagging-count')
s3.put_object_tagging(Bucket=B, Key='t', VersionId=v1, Tagging=tagset(('d', '4')))
out['tagsV1b'] = tags('t', v1)
s3.delete_object_tagging(Bucket=B, Key='t', VersionId=v1)
out['tagsV1c'] = tags('t', v1)
s3.put_object_tagging(Bucket=B, Key='t', Tagging=tagset(('src', 's')))
s3.copy_object(Bucket=B, Key='c1', CopySource={'Bucket': B, 'Key': 't'})
out['copyTags'] = tags('c1')
s3.copy_object(Bucket=B, Key='c2', CopySource={'Bucket': B, 'Key': 't'}, TaggingDirective='REPLACE', Tagging='n=1')
out['replaceTags'] = tags('c2')
mp = s3.create_multipart_upload(Bucket=B, Key='m', Tagging='mp=yes')
etag = s3.upload_part(Bucket=B, Key='m', UploadId=mp['UploadId'], PartNumber=1, Body=b'part')['ETag']
s3.complete_multipart_upload(Bucket=B, Key='m', UploadId=mp['UploadId'], MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': etag}]})
out['mpTags'] = tags('m')

out['e_many'] = err(lambda: s3.put_object_tagging(Bucket=B, Key='t', Tagging=tagset(*[('k%d' % i, 'v') for i in range(11)])))
out['e_longKey'] = err(lambda: s3.put_object_tagging(Bucket=B, Key='t', Tagging=tagset(('k' * 129, 'v'))))
out['e_longValue'] = err(lambda: s3.put_object_tagging(Bucket=B, Key='t', Tagging=tagset(('k', 'v' * 257))))
out['e_aws'] = err(lambda: s3.put_object_tagging(Bucket=B, Key='t', Tagging=tagset(('aws:x', 'v'))))
out['e_dup'] = err(lambda: s3.put_object_tagging(Bucket=B, Key='t', Tagging=tagset(('k', '1'), ('k', '2'))))
out['afterErrors'] = tags('t')
out['e_header'] = err(lambda: s3.put_object(Bucket=B, Key='h', Body=b'', Tagging='&'.join('k%d=v' % i for i in range(11))))
out['h_absent'] = err(lambda: s3.head_object(Bucket=B, Key='h'))
out['e_noKey'] = err(lambda: s3.get_object_tagging(Bucket=B, Key='missing'))
out['e_noVersion'] = err(lambda: s3.get_object_tagging(Bucket=B, Key='t', VersionId='A' * 32))
out['e_directive'] = err(lambda: s3.copy_object(Bucket=B, Key='c3', CopySource={'Bucket': B, 'Key': 't'}, TaggingDirective='MERGE'))

out['e_noTagSet'] = err(lambda: s3.get_bucket_tagging(Bucket=B))
s3.put_bucket_tagging(Bucket=B, Tagging=tagset(('team', 'x')))
out['bucketTags'] = s3.get_bucket_tagging(Bucket=B)['TagSet']
out['e_bucket51'] = err(lambda: s3.put_bucket_tagging(Bucket=B, Tagging=tagset(*[('k%d' % i, 'v') for i in range(51)])))
out['bucketTagsAfter'] = s3.get_bucket_tagging(Bucket=B)['TagSet']
s3.delete_bucket_tagging(Bucket=B)
out['e_noTagSet2'] = err(lambda: s3.get_bucket_tagging(Bucket=B))

s3.delete_object(Bucket=B, Key='t')
marker = [m for m in s3.list_object_versions(Bucket=B, Prefix='t')['DeleteMarkers'] if m['IsLatest']][0]['VersionId']
out['getMarker'] = err(lambda: s3.get_object(Bucket=B, Key='t'))
out['headMarker'] = err(lambda: s3.head_object(Bucket=B, Key='t'))
out['getMarkerById'] = err(lambda: s3.get_object(Bucket=B, Key='t', VersionId=marker))
out['tagMarker'] = err(lambda: s3.get_object_tagging(Bucket=B, Key='t'))
out['v2Readable'] = s3.get_object(Bucket=B, Key='t', VersionId=v2)['Body'].read().decode()

# boto3 asks for EncodingType=url itself and decodes the keys.
s3.put_object(Bucket=B, Key='sp ace/\u00e9+', Body=b'')
out['encodedKeys'] = [v['Key'] for v in s3.list_object_versions(Bucket=B, Prefix='sp')['Versions']]
print(json.dumps(out))
