# S3 Object Lock through boto3 (run by s3-object-lock.test.ts): prints JSON. The server runs with
# --test-clock; err() and advance() come from s3-clock.py.
import datetime

from botocore.config import Config

cfg = dict(s3={'addressing_style': 'path'}, retries={'max_attempts': 1})
s3 = session.client('s3', endpoint_url=E, config=Config(**cfg))
bare = session.client('s3', endpoint_url=E, config=Config(request_checksum_calculation='when_required', **cfg))
B = os.environ['BUCKET']
P = B + '-plain'
out = {}


def server_now():
    return advance(0)


def days(n):
    return datetime.datetime.fromtimestamp(server_now() / 1000 + n * 86400, tz=datetime.timezone.utc)


def ret(key, vid):
    r = s3.get_object_retention(Bucket=B, Key=key, VersionId=vid)['Retention']
    return [r['Mode'], r['RetainUntilDate'].isoformat()]


def delv(key, vid, bypass=False):
    kw = {'BypassGovernanceRetention': True} if bypass else {}
    return err(lambda: s3.delete_object(Bucket=B, Key=key, VersionId=vid, **kw))


# The bucket: created with Object Lock, so versioned, and never suspended.
s3.create_bucket(Bucket=B, ObjectLockEnabledForBucket=True)
out['versioning'] = s3.get_bucket_versioning(Bucket=B).get('Status')
out['config0'] = s3.get_object_lock_configuration(Bucket=B)['ObjectLockConfiguration']
out['e_suspend'] = err(lambda: s3.put_bucket_versioning(Bucket=B, VersioningConfiguration={'Status': 'Suspended'}))
out['e_both'] = err(lambda: s3.put_object_lock_configuration(Bucket=B, ObjectLockConfiguration={'ObjectLockEnabled': 'Enabled', 'Rule': {'DefaultRetention': {'Mode': 'GOVERNANCE', 'Days': 1, 'Years': 1}}}))
out['e_neither'] = err(lambda: s3.put_object_lock_configuration(Bucket=B, ObjectLockConfiguration={'ObjectLockEnabled': 'Enabled', 'Rule': {'DefaultRetention': {'Mode': 'GOVERNANCE'}}}))
out['e_negative'] = err(lambda: s3.put_object_lock_configuration(Bucket=B, ObjectLockConfiguration={'ObjectLockEnabled': 'Enabled', 'Rule': {'DefaultRetention': {'Mode': 'GOVERNANCE', 'Days': -1}}}))
out['configAfterErrors'] = s3.get_object_lock_configuration(Bucket=B)['ObjectLockConfiguration']

# A bucket without Object Lock refuses lock parameters; versioning it lets it be enabled later.
s3.create_bucket(Bucket=P)
s3.put_object(Bucket=P, Key='k', Body=b'p')
out['p_noConfig'] = err(lambda: s3.get_object_lock_configuration(Bucket=P))
out['p_put'] = err(lambda: s3.put_object(Bucket=P, Key='k2', Body=b'x', ObjectLockMode='GOVERNANCE', ObjectLockRetainUntilDate=days(1)))
out['p_retention'] = err(lambda: s3.put_object_retention(Bucket=P, Key='k', Retention={'Mode': 'GOVERNANCE', 'RetainUntilDate': days(1)}))
out['p_hold'] = err(lambda: s3.put_object_legal_hold(Bucket=P, Key='k', LegalHold={'Status': 'ON'}))
out['p_unversioned'] = err(lambda: s3.put_object_lock_configuration(Bucket=P, ObjectLockConfiguration={'ObjectLockEnabled': 'Enabled'}))
s3.put_bucket_versioning(Bucket=P, VersioningConfiguration={'Status': 'Enabled'})
s3.put_object_lock_configuration(Bucket=P, ObjectLockConfiguration={'ObjectLockEnabled': 'Enabled', 'Rule': {'DefaultRetention': {'Mode': 'COMPLIANCE', 'Years': 1}}})
out['p_config'] = s3.get_object_lock_configuration(Bucket=P)['ObjectLockConfiguration']
out['p_default'] = s3.get_object_retention(Bucket=P, Key='k', VersionId=s3.put_object(Bucket=P, Key='k', Body=b'q')['VersionId'])['Retention']['Mode']

# GOVERNANCE: retention on the version, headers on GET/HEAD, deletes of the version refused.
until = days(1).replace(microsecond=0)
g = s3.put_object(Bucket=B, Key='g', Body=b'gov', ObjectLockMode='GOVERNANCE', ObjectLockRetainUntilDate=until)['VersionId']
out['g_retention'] = ret('g', g)
h = s3.head_object(Bucket=B, Key='g')
out['g_head'] = [h.get('ObjectLockMode'), h.get('ObjectLockRetainUntilDate').isoformat(), h.get('ObjectLockLegalHoldStatus')]
out['g_hold'] = s3.get_object_legal_hold(Bucket=B, Key='g', VersionId=g)['LegalHold']['Status']
out['g_delete'] = delv('g', g)
out['g_deleteObjects'] = s3.delete_objects(Bucket=B, Delete={'Objects': [{'Key': 'g', 'VersionId': g}]}).get('Errors')
out['g_marker'] = s3.delete_object(Bucket=B, Key='g').get('DeleteMarker')
out['g_shorten'] = err(lambda: s3.put_object_retention(Bucket=B, Key='g', VersionId=g, Retention={'Mode': 'GOVERNANCE', 'RetainUntilDate': days(0.5)}))
out['g_remove'] = err(lambda: s3.put_object_retention(Bucket=B, Key='g', VersionId=g, Retention={}))
s3.put_object_retention(Bucket=B, Key='g', VersionId=g, Retention={'Mode': 'GOVERNANCE', 'RetainUntilDate': days(2)})
out['g_extended'] = ret('g', g)[0]
s3.put_object_retention(Bucket=B, Key='g', VersionId=g, Retention={'Mode': 'GOVERNANCE', 'RetainUntilDate': days(0.5)}, BypassGovernanceRetention=True)
out['g_shortened'] = ret('g', g)[1] < days(1).isoformat()
out['g_bypassDelete'] = delv('g', g, bypass=True)
out['g_gone'] = err(lambda: s3.head_object(Bucket=B, Key='g', VersionId=g))

# COMPLIANCE: only extended; no bypass.
c = s3.put_object(Bucket=B, Key='c', Body=b'comp', ObjectLockMode='COMPLIANCE', ObjectLockRetainUntilDate=days(1))['VersionId']
out['c_shorten'] = err(lambda: s3.put_object_retention(Bucket=B, Key='c', VersionId=c, Retention={'Mode': 'COMPLIANCE', 'RetainUntilDate': days(0.5)}, BypassGovernanceRetention=True))
out['c_toGovernance'] = err(lambda: s3.put_object_retention(Bucket=B, Key='c', VersionId=c, Retention={'Mode': 'GOVERNANCE', 'RetainUntilDate': days(3)}, BypassGovernanceRetention=True))
s3.put_object_retention(Bucket=B, Key='c', VersionId=c, Retention={'Mode': 'COMPLIANCE', 'RetainUntilDate': days(1.5)})
out['c_mode'] = ret('c', c)[0]
out['c_bypassDelete'] = delv('c', c, bypass=True)

# Legal hold: independent of retention.
lh = s3.put_object(Bucket=B, Key='h', Body=b'hold', ObjectLockLegalHoldStatus='ON')['VersionId']
out['h_status'] = s3.get_object_legal_hold(Bucket=B, Key='h', VersionId=lh)['LegalHold']['Status']
out['h_noRetention'] = err(lambda: s3.get_object_retention(Bucket=B, Key='h', VersionId=lh))
out['h_delete'] = delv('h', lh, bypass=True)
s3.put_object_legal_hold(Bucket=B, Key='h', VersionId=lh, LegalHold={'Status': 'OFF'})
out['h_off'] = s3.get_object_legal_hold(Bucket=B, Key='h', VersionId=lh)['LegalHold']['Status']
out['h_afterOff'] = delv('h', lh)

# Bad lock parameters change nothing.
out['e_past'] = err(lambda: s3.put_object(Bucket=B, Key='bad', Body=b'x', ObjectLockMode='GOVERNANCE', ObjectLockRetainUntilDate=days(-1)))
out['e_modeOnly'] = err(lambda: s3.put_object(Bucket=B, Key='bad', Body=b'x', ObjectLockMode='GOVERNANCE'))
out['e_badMode'] = err(lambda: s3.put_object(Bucket=B, Key='bad', Body=b'x', ObjectLockMode='FOREVER', ObjectLockRetainUntilDate=days(1)))
out['e_badHold'] = err(lambda: s3.put_object(Bucket=B, Key='bad', Body=b'x', ObjectLockLegalHoldStatus='MAYBE'))
out['e_noChecksum'] = err(lambda: bare.put_object(Bucket=B, Key='bad', Body=b'x', ObjectLockMode='GOVERNANCE', ObjectLockRetainUntilDate=days(1)))
out['e_pastRetention'] = err(lambda: s3.put_object_retention(Bucket=B, Key='c', VersionId=c, Retention={'Mode': 'COMPLIANCE', 'RetainUntilDate': days(-1)}))
out['bad_absent'] = err(lambda: s3.head_object(Bucket=B, Key='bad'))
out['e_badVersion'] = err(lambda: s3.get_object_retention(Bucket=B, Key='c', VersionId='nope'))
out['e_noKey'] = err(lambda: s3.get_object_retention(Bucket=B, Key='none'))

# Default retention, multipart and copy.
s3.put_object_lock_configuration(Bucket=B, ObjectLockConfiguration={'ObjectLockEnabled': 'Enabled', 'Rule': {'DefaultRetention': {'Mode': 'GOVERNANCE', 'Days': 2}}})
out['config1'] = s3.get_object_lock_configuration(Bucket=B)['ObjectLockConfiguration']
d = s3.put_object(Bucket=B, Key='d', Body=b'default')['VersionId']
r = s3.get_object_retention(Bucket=B, Key='d', VersionId=d)['Retention']
out['d_days'] = round((r['RetainUntilDate'].timestamp() * 1000 - server_now()) / 86400000, 1)
out['d_mode'] = r['Mode']
up = s3.create_multipart_upload(Bucket=B, Key='mp', ObjectLockMode='COMPLIANCE', ObjectLockRetainUntilDate=days(1))['UploadId']
part = s3.upload_part(Bucket=B, Key='mp', UploadId=up, PartNumber=1, Body=b'm')['ETag']
mpv = s3.complete_multipart_upload(Bucket=B, Key='mp', UploadId=up, MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': part}]})['VersionId']
out['mp_mode'] = ret('mp', mpv)[0]
cp = s3.copy_object(Bucket=B, Key='cp', CopySource={'Bucket': B, 'Key': 'mp'}, ObjectLockMode='GOVERNANCE', ObjectLockRetainUntilDate=days(5))['VersionId']
out['cp_mode'] = ret('cp', cp)[0]

# Retention ends on the server's clock: after three days the COMPLIANCE versions can go.
out['mp_before'] = delv('mp', mpv, bypass=True)
advance(3 * 86400 + 60)
out['mp_after'] = delv('mp', mpv)
out['c_after'] = delv('c', c)
out['cp_still'] = delv('cp', cp)
print(json.dumps(out))
