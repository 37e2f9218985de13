# IAM Identity Center through boto3 against Tessera (test/e2e/sso-device-flow.test.ts drives it, one step per
# call: argv[1] names the step; JSON in STATE (env), JSON out on stdout).
import boto3, botocore, json, os, sys
from botocore.config import Config

E = os.environ['ENDPOINT']
cfg = Config(retries={'max_attempts': 1})
st = json.loads(os.environ.get('STATE', '{}'))
step = sys.argv[1]

def client(name, **kw):
    return boto3.client(name, endpoint_url=E, region_name='us-east-1', config=cfg, **kw)

def err(f):
    try:
        f()
        return None
    except botocore.exceptions.ClientError as e:
        r = e.response
        return {'code': r['Error']['Code'], 'status': r['ResponseMetadata']['HTTPStatusCode'], 'error': r.get('error'), 'message': r['Error'].get('Message')}

out = {}
if step == 'admin':
    admin, ids = client('sso-admin'), client('identitystore')
    inst = admin.list_instances()['Instances'][0]
    arn, store = inst['InstanceArn'], inst['IdentityStoreId']
    users = {}
    for name in ('alice', 'bob', 'carol'):
        users[name] = ids.create_user(IdentityStoreId=store, UserName=name, DisplayName=name.title(), Name={'GivenName': name.title(), 'FamilyName': 'Example'})['UserId']
    group = ids.create_group(IdentityStoreId=store, DisplayName='Readers')['GroupId']
    ids.create_group_membership(IdentityStoreId=store, GroupId=group, MemberId={'UserId': users['alice']})
    ps = admin.create_permission_set(InstanceArn=arn, Name='S3Reader', SessionDuration='PT2H', Description='read S3')['PermissionSet']
    admin.attach_managed_policy_to_permission_set(InstanceArn=arn, PermissionSetArn=ps['PermissionSetArn'], ManagedPolicyArn='arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess')
    admin.put_inline_policy_to_permission_set(InstanceArn=arn, PermissionSetArn=ps['PermissionSetArn'], InlinePolicy=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::secret-bucket/*'}]}))
    acct = os.environ['ACCOUNT']
    for p in (('GROUP', group), ('USER', users['carol'])):
        s = admin.create_account_assignment(InstanceArn=arn, TargetId=acct, TargetType='AWS_ACCOUNT', PermissionSetArn=ps['PermissionSetArn'], PrincipalType=p[0], PrincipalId=p[1])
        out.setdefault('statuses', []).append(s['AccountAssignmentCreationStatus']['Status'])
    out['assignments'] = sorted(a['PrincipalType'] for a in admin.list_account_assignments(InstanceArn=arn, AccountId=acct, PermissionSetArn=ps['PermissionSetArn'])['AccountAssignments'])
    out['described'] = admin.describe_permission_set(InstanceArn=arn, PermissionSetArn=ps['PermissionSetArn'])['PermissionSet']['SessionDuration']
    out['listed'] = admin.list_permission_sets(InstanceArn=arn)['PermissionSets']
    out['usersListed'] = [u['UserName'] for u in ids.list_users(IdentityStoreId=store)['Users']]
    out['duplicate'] = err(lambda: ids.create_user(IdentityStoreId=store, UserName='ALICE', DisplayName='x'))
    out['badInline'] = err(lambda: admin.put_inline_policy_to_permission_set(InstanceArn=arn, PermissionSetArn=ps['PermissionSetArn'], InlinePolicy='{"Statement": 5}'))
    out['otherInstance'] = err(lambda: admin.list_permission_sets(InstanceArn='arn:aws:sso:::instance/ssoins-0000000000000000'))
    iam = client('iam')
    roles = [r for r in iam.list_roles(PathPrefix='/aws-reserved/sso.amazonaws.com/')['Roles']]
    role = roles[0]
    out['role'] = {'name': role['RoleName'], 'path': role['Path'], 'max': role['MaxSessionDuration'], 'trust': role['AssumeRolePolicyDocument']}
    out['roleManaged'] = [p['PolicyArn'] for p in iam.list_attached_role_policies(RoleName=role['RoleName'])['AttachedPolicies']]
    out['roleInline'] = iam.list_role_policies(RoleName=role['RoleName'])['PolicyNames']
    out.update(instance=arn, store=store, users=users, ps=ps['PermissionSetArn'])
elif step == 'register':
    oidc = client('sso-oidc')
    c = oidc.register_client(clientName='tessera-test', clientType='public')
    d = oidc.start_device_authorization(clientId=c['clientId'], clientSecret=c['clientSecret'], startUrl=E + '/start')
    out = {'client': {'id': c['clientId'], 'secret': c['clientSecret']}, 'device': d['deviceCode'], 'userCode': d['userCode'], 'uri': d['verificationUriComplete'], 'interval': d['interval'], 'expiresIn': d['expiresIn']}
    out['badClient'] = err(lambda: oidc.start_device_authorization(clientId=c['clientId'], clientSecret=c['clientSecret'] + 'x', startUrl=E))
elif step == 'poll':
    oidc = client('sso-oidc')
    grant = 'urn:ietf:params:oauth:grant-type:device_code'
    f = lambda: oidc.create_token(clientId=st['client']['id'], clientSecret=st['client']['secret'], grantType=grant, deviceCode=st['device'])
    out['first'] = err(f)
    if out['first'] is None:
        out['first'] = 'token'
    if os.environ.get('TWICE'):
        out['second'] = err(f)
elif step == 'token':
    oidc = client('sso-oidc')
    t = oidc.create_token(clientId=st['client']['id'], clientSecret=st['client']['secret'], grantType='urn:ietf:params:oauth:grant-type:device_code', deviceCode=st['device'])
    out = {'accessToken': t['accessToken'], 'refreshToken': t['refreshToken'], 'tokenType': t['tokenType'], 'expiresIn': t['expiresIn']}
    out['again'] = err(lambda: oidc.create_token(clientId=st['client']['id'], clientSecret=st['client']['secret'], grantType='urn:ietf:params:oauth:grant-type:device_code', deviceCode=st['device']))
    r = oidc.create_token(clientId=st['client']['id'], clientSecret=st['client']['secret'], grantType='refresh_token', refreshToken=t['refreshToken'])
    out['refreshed'] = {'access': r['accessToken'] != t['accessToken'], 'refresh': r['refreshToken'] != t['refreshToken']}
    out['refreshAgain'] = err(lambda: oidc.create_token(clientId=st['client']['id'], clientSecret=st['client']['secret'], grantType='refresh_token', refreshToken=t['refreshToken']))
elif step == 'portal':
    sso = client('sso')
    tok = st['accessToken']
    accts = sso.list_accounts(accessToken=tok)['accountList']
    out['accounts'] = [a['accountId'] for a in accts]
    if accts:
        out['roles'] = [r['roleName'] for r in sso.list_account_roles(accessToken=tok, accountId=accts[0]['accountId'])['roleList']]
        c = sso.get_role_credentials(accessToken=tok, accountId=accts[0]['accountId'], roleName='S3Reader')['roleCredentials']
        sess = boto3.Session(aws_access_key_id=c['accessKeyId'], aws_secret_access_key=c['secretAccessKey'], aws_session_token=c['sessionToken'], region_name='us-east-1')
        out['arn'] = sess.client('sts', endpoint_url=E, config=cfg).get_caller_identity()['Arn']
        s3 = sess.client('s3', endpoint_url=E, config=cfg)
        out['buckets'] = sorted(b['Name'] for b in s3.list_buckets()['Buckets'])
        out['put'] = err(lambda: s3.put_object(Bucket=out['buckets'][0], Key='x', Body=b'x'))
        out['expiresInSeconds'] = round((c['expiration'] / 1000) - __import__('time').time())
    out['unknownRole'] = err(lambda: sso.get_role_credentials(accessToken=tok, accountId=os.environ['ACCOUNT'], roleName='Admin'))
    out['badToken'] = err(lambda: sso.list_accounts(accessToken=tok + 'x'))
    if os.environ.get('LOGOUT'):
        sso.logout(accessToken=tok)
        out['afterLogout'] = err(lambda: sso.list_accounts(accessToken=tok))
elif step == 'expired':
    out['list'] = err(lambda: client('sso').list_accounts(accessToken=st['accessToken']))
print(json.dumps(out))
