#!/usr/bin/env bash
# scripts/s3-tests.sh S3TESTS_DIR [PORT] [-- PYTEST_ARGS...]: runs the AWS-applicable part of ceph/s3-tests
# (https://github.com/ceph/s3-tests, checked out by you at S3TESTS_DIR — it is fetched, never vendored)
# against a fresh `tessera serve` from this checkout (built: `npm run build`), and prints pytest's summary.
#
# A new data directory under $TMPDIR; the default account's root is the suite's "main" user, four more
# accounts (admin create-account) are "alt", "tenant", "iam root" and "iam alt root"; each user_id is the
# account's canonical id (ListBuckets' Owner). The suite's Python needs boto3, pytest, munch, isodate, pytz,
# lxml (Debian: python3-munch python3-isodate python3-tz python3-lxml; add their dist-packages to PYTHONPATH
# when pytest runs from another interpreter). The markers expression below is the selection the README's
# figure is measured with; the JUnit XML lands in $TMPDIR/s3-tests-junit.xml.
set -euo pipefail
suite=${1:?usage: scripts/s3-tests.sh S3TESTS_DIR [PORT] [-- PYTEST_ARGS...]}
shift
port=${1:-18741}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=${TMPDIR:-/tmp}
data=$(mktemp -d "$tmp/tessera-s3-tests.XXXXXX")
py=${PYTHON:-python3}

# Features AWS does not have or that Tessera does not serve (website, SSE-KMS needs KMS, storage classes,
# Ceph's logging/notifications/append/select, its lifecycle debug intervals, STS web identity, tenants).
MARKERS="not fails_on_aws and not appendobject and not bucket_logging and not bucket_logging_cleanup \
and not fails_without_logging_rollover and not s3select and not lifecycle_expiration and not lifecycle_transition \
and not cloud_transition and not cloud_restore and not target_by_bucket and not sns and not fails_with_subdomain \
and not s3website and not s3website_routing_rules and not s3website_redirect_location and not storage_class \
and not test_of_sts and not webidentity_test and not iam_tenant"

accounts=()
for name in alt tenant iamroot iamalt; do
  accounts+=("$(node "$repo/bin/tessera.js" admin create-account --data "$data" --name "$name")")
done
root_id=AKIAS3TESTSMAINROOT1
root_secret=$(head -c 30 /dev/urandom | base64 | tr -d '/+=' | head -c 40)
TESSERA_ROOT_ACCESS_KEY_ID=$root_id TESSERA_ROOT_SECRET_ACCESS_KEY=$root_secret \
  node "$repo/bin/tessera.js" serve --data "$data" --host 127.0.0.1 --port "$port" --console-port off --log off >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q listening "$data/serve.log" && break
  sleep 0.2
done

# s3tests.conf: each section's keys and the account's canonical id.
MAIN="{\"AccessKeyId\":\"$root_id\",\"SecretAccessKey\":\"$root_secret\"}" ACCOUNTS=$(printf '%s\n' "${accounts[@]}" | tr -d '\n' | sed 's/}{/},{/g') \
  ENDPOINT="http://127.0.0.1:$port" "$py" - >"$data/s3tests.conf" <<'EOF'
import boto3, json, os
main = json.loads(os.environ['MAIN'])
alt, tenant, iam_root, iam_alt = json.loads('[' + os.environ['ACCOUNTS'] + ']')
print('[DEFAULT]\nhost = 127.0.0.1\nport = %s\nis_secure = False\nssl_verify = False\n' % os.environ['ENDPOINT'].rsplit(':', 1)[1])
print('[fixtures]\nbucket prefix = s3t-{random}-\niam name prefix = s3-tests-\niam path prefix = /s3-tests/\n')
for section, a in [('s3 main', main), ('s3 alt', alt), ('s3 tenant', tenant), ('iam', main), ('iam root', iam_root), ('iam alt root', iam_alt)]:
    s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', aws_access_key_id=a['AccessKeyId'], aws_secret_access_key=a['SecretAccessKey'])
    owner = s3.list_buckets()['Owner']
    print('[%s]\ndisplay_name = %s\nuser_id = %s\nemail = %s@example.com\naccess_key = %s\nsecret_key = %s' % (
        section, owner.get('DisplayName', ''), owner['ID'], section.replace(' ', '-'), a['AccessKeyId'], a['SecretAccessKey']))
    print('tenant = testx\n' if section == 's3 tenant' else '')
EOF

cd "$suite"
S3TEST_CONF="$data/s3tests.conf" "$py" -m pytest -q -p no:cacheprovider -m "$MARKERS" --junitxml="$tmp/s3-tests-junit.xml" \
  s3tests/functional/test_s3.py s3tests/functional/test_headers.py "$@"
