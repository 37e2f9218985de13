# S3 lifecycle through boto3 (run by s3-lifecycle.test.ts): prints JSON. The server runs with --test-clock
# and --lifecycle-interval 1; err() and advance() come from s3-clock.py.
import datetime
import time

from botocore.config import Config

s3 = session.client('s3', endpoint_url=E, config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
B = os.environ['BUCKET']
U = B + '-plain'
K = B + '-lock'
out = {}


def rule(id, prefix, **actions):
    return dict(ID=id, Filter={'Prefix': prefix}, Status='Enabled', **actions)


def put_lc(bucket, *rules):
    return s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={'Rules': list(rules)})


def versions(bucket, prefix):
    r = s3.list_object_versions(Bucket=bucket, Prefix=prefix)
    return sorted([[v['Key'], v['VersionId'], v['IsLatest']] for v in r.get('Versions', [])]), len(r.get('DeleteMarkers', []))


s3.create_bucket(Bucket=B)
out['e_none'] = err(lambda: s3.get_bucket_lifecycle_configuration(Bucket=B))
out['e_transition'] = err(lambda: put_lc(B, rule('t', 'x/', Transitions=[{'Days': 30, 'StorageClass': 'GLACIER'}])))
out['e_dupId'] = err(lambda: put_lc(B, rule('d', 'a/', Expiration={'Days': 1}), rule('d', 'b/', Expiration={'Days': 1})))
out['e_zeroDays'] = err(lambda: put_lc(B, rule('z', 'a/', Expiration={'Days': 0})))
out['e_noAction'] = err(lambda: put_lc(B, rule('n', 'a/')))
out['e_badDate'] = err(lambda: put_lc(B, rule('m', 'a/', Expiration={'Date': datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.timezone.utc)})))
out['e_stillNone'] = err(lambda: s3.get_bucket_lifecycle_configuration(Bucket=B))
s3.put_bucket_versioning(Bucket=B, VersioningConfiguration={'Status': 'Enabled'})
put_lc(
    B,
    rule('cur', 'cur/', Expiration={'Days': 1}),
    rule('old', 'old/', NoncurrentVersionExpiration={'NoncurrentDays': 1, 'NewerNoncurrentVersions': 1}),
    rule('mp', 'mp/', AbortIncompleteMultipartUpload={'DaysAfterInitiation': 1}),
    rule('dm', 'dm/', Expiration={'ExpiredObjectDeleteMarker': True}),
    dict(ID='off', Filter={'Prefix': 'keep/'}, Status='Disabled', Expiration={'Days': 1}),
    dict(ID='tag', Filter={'And': {'Prefix': 'tag/', 'Tags': [{'Key': 'expire', 'Value': 'yes'}]}}, Status='Enabled', Expiration={'Days': 1}),
)
out['rules'] = s3.get_bucket_lifecycle_configuration(Bucket=B)['Rules']

out['putExpiration'] = s3.put_object(Bucket=B, Key='cur/a', Body=b'a').get('Expiration')
head = s3.head_object(Bucket=B, Key='cur/a')
out['headExpiration'] = head.get('Expiration')
out['curLastModified'] = head['LastModified'].timestamp()
out['noExpiration'] = s3.put_object(Bucket=B, Key='elsewhere', Body=b'e').get('Expiration')
for body in (b'1', b'2', b'3'):
    s3.put_object(Bucket=B, Key='old/k', Body=body)
s3.create_multipart_upload(Bucket=B, Key='mp/u')
vid = s3.put_object(Bucket=B, Key='dm/x', Body=b'x')['VersionId']
s3.delete_object(Bucket=B, Key='dm/x')
s3.delete_object(Bucket=B, Key='dm/x', VersionId=vid)
s3.put_object(Bucket=B, Key='keep/a', Body=b'k')
s3.put_object(Bucket=B, Key='tag/yes', Body=b't', Tagging='expire=yes')
s3.put_object(Bucket=B, Key='tag/no', Body=b't', Tagging='expire=no')

s3.create_bucket(Bucket=U)
put_lc(U, rule('all', '', Expiration={'Days': 1}))
s3.put_object(Bucket=U, Key='u/a', Body=b'u')

s3.create_bucket(Bucket=K, ObjectLockEnabledForBucket=True)
put_lc(K, rule('nc', '', NoncurrentVersionExpiration={'NoncurrentDays': 1}))
locked = s3.put_object(Bucket=K, Key='l', Body=b'1', ObjectLockMode='COMPLIANCE', ObjectLockRetainUntilDate=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30))['VersionId']
free = s3.put_object(Bucket=K, Key='l', Body=b'2')['VersionId']
s3.put_object(Bucket=K, Key='l', Body=b'3')

out['before'] = [versions(B, 'old/')[0].__len__(), err(lambda: s3.head_object(Bucket=B, Key='cur/a'))]
time.sleep(2.5)
out['afterSweepNotDue'] = [len(versions(B, 'old/')[0]), err(lambda: s3.head_object(Bucket=B, Key='cur/a'))]

advance(2 * 86400)
deadline = time.time() + 30
while time.time() < deadline:
    if err(lambda: s3.head_object(Bucket=U, Key='u/a')) and len(versions(B, 'old/')[0]) == 2 and not s3.list_multipart_uploads(Bucket=B).get('Uploads') and versions(B, 'dm/') == ([], 0) and len(versions(K, '')[0]) == 2:
        break
    time.sleep(0.5)
out['cur'] = err(lambda: s3.head_object(Bucket=B, Key='cur/a'))
out['curVersions'] = versions(B, 'cur/')
out['old'] = versions(B, 'old/')
out['uploads'] = s3.list_multipart_uploads(Bucket=B).get('Uploads', [])
out['dm'] = versions(B, 'dm/')
out['keep'] = err(lambda: s3.head_object(Bucket=B, Key='keep/a'))
out['tagYes'] = err(lambda: s3.head_object(Bucket=B, Key='tag/yes'))
out['tagNo'] = err(lambda: s3.head_object(Bucket=B, Key='tag/no'))
out['plain'] = [err(lambda: s3.head_object(Bucket=U, Key='u/a')), versions(U, '')]
out['lock'] = [v[1] for v in versions(K, '')[0]]
out['lockIds'] = [locked, free]

s3.delete_bucket_lifecycle(Bucket=B)
out['afterDelete'] = err(lambda: s3.get_bucket_lifecycle_configuration(Bucket=B))
print(json.dumps(out, default=str))
