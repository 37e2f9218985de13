#!/usr/bin/env bash
# scripts/ceph-up.sh [DIR]: a throwaway single-host Ceph for the tests' s3:// object store.
#
# One monitor, one OSD keeping its objects in RAM (memstore), and radosgw answering S3 on 127.0.0.1, all
# run as background processes of the caller (no systemd), every file under DIR (default: a new temporary
# directory). No cephx: the cluster listens on 127.0.0.1 only and lives as long as the test run.
# stdout gets only `export NAME=value` lines (the S3 endpoint and keys the tests read); progress goes to
# stderr. A second run on the same DIR reuses the cluster when it is still healthy.
#
#   out=$(scripts/ceph-up.sh /tmp/tessera-ceph) && eval "$out"
#   scripts/ceph-down.sh /tmp/tessera-ceph
#
# Environment: TESSERA_CEPH_PORT fixes radosgw's port (default: a free one); TESSERA_CEPH_BYTES is the OSD's
# memstore size in bytes (default 4294967296): a small one (e.g. 268435456) makes a cluster that fills up, to
# see what a full backend does (radosgw then holds writes, or answers 507/500).
# Needs Debian's ceph-mon, ceph-osd, radosgw, ceph-common (radosgw-admin, python3-rados) and uuid-runtime:
# `.ci/run` installs them; TESSERA_CEPH_INSTALL=1 makes this script install what is missing (apt-get).
# Settings this Ceph (16.2) needs here, and why:
#   - ms mon client mode = crc: radosgw otherwise insists on the 'secure' mode, which needs cephx;
#   - pools of size 1 created up front (one OSD; radosgw would otherwise create them one by one);
#   - tcp_nodelay=1 on the beast frontend: without it each GET with a body stalls ~40 ms (Nagle);
#   - radosgw starts only once the monitor listens (else it waits out a 3 s monitor hunt).
set -euo pipefail
umask 077

t0=$(date +%s%N)
say() { printf 'ceph-up [%5d ms] %s\n' $(( ($(date +%s%N) - t0) / 1000000 )) "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

DIR="${1:-}"
[ -n "$DIR" ] || DIR=$(mktemp -d "${TMPDIR:-/tmp}/tessera-ceph.XXXXXX")
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd -P)
CONF="$DIR/ceph.conf"
MARKER="$DIR/.tessera-ceph"
# Test files that start at once share one cluster: the second waits for the first's start-up, then reuses it.
exec 9>"$DIR.lock"
flock 9

# ---- tools
missing=()
for tool in ceph-mon:ceph-mon ceph-osd:ceph-osd radosgw:radosgw radosgw-admin:ceph-common monmaptool:ceph-base uuidgen:uuid-runtime; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
/usr/bin/python3 -c 'import rados' >/dev/null 2>&1 || missing+=(python3-rados)
if [ ${#missing[@]} -gt 0 ]; then
  [ "${TESSERA_CEPH_INSTALL:-0}" = 1 ] || fail "missing Debian packages: ${missing[*]} (apt-get install ${missing[*]}, or TESSERA_CEPH_INSTALL=1)"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; } || fail "apt-get install"
fi

# ---- our processes: a recorded pid counts only while it runs with this cluster's config
ours() { [ -n "${1:-}" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$CONF"; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET / HTTP/1.0\r\n\r\n' >&3 && IFS= read -r -t 2 line <&3 && [[ "$line" == HTTP/* ]]) 2>/dev/null; }
busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 10000 ))
    busy "$p" || { echo "$p"; return; }
  done
  fail "no free port"
}
stop_all() {
  [ -f "$DIR/pids" ] || return 0
  local name pid
  for name in rgw osd mon; do
    pid=$(awk -v n="$name" '$1 == n {print $2}' "$DIR/pids")
    ours "$pid" || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do ours "$pid" || break; sleep 0.1; done
    ours "$pid" && kill -KILL "$pid" 2>/dev/null || true
  done
}

if [ -f "$MARKER" ] && [ -f "$DIR/env" ]; then
  alive=1
  while read -r _ pid; do ours "$pid" || alive=0; done <"$DIR/pids"
  port=$(sed -n 's/^export TESSERA_CEPH_PORT=//p' "$DIR/env")
  if [ "$alive" = 1 ] && answers "$port"; then say "reusing the cluster in $DIR"; cat "$DIR/env"; exit 0; fi
  say "the cluster in $DIR is gone: starting a new one there"
  stop_all
fi
if [ -n "$(ls -A "$DIR")" ] && [ ! -f "$MARKER" ]; then fail "$DIR has files this script did not make"; fi
find "$DIR" -mindepth 1 -delete
touch "$MARKER"
mkdir -p "$DIR/run" "$DIR/log" "$DIR/mon" "$DIR/osd" "$DIR/rgw"

FSID=$(uuidgen)
OSD_UUID=$(uuidgen)
MON_PORT=$(free_port)
RGW_PORT=${TESSERA_CEPH_PORT:-$(free_port)}
while [ "$RGW_PORT" = "$MON_PORT" ]; do MON_PORT=$(free_port); done
KEY_ID=$(od -An -N10 -tx1 /dev/urandom | tr -d ' \n' | tr a-f A-F)
SECRET=$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')
SOCK='$run_dir/$cluster-$name.asok'
[ ${#DIR} -le 80 ] || SOCK=''   # unix socket paths are short

cat >"$CONF" <<CONF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
ms bind msgr1 = false
run dir = $DIR/run
crash dir = $DIR/log
admin socket = $SOCK
log file = $DIR/log/\$name.log
mon cluster log file = $DIR/log/cluster.log
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
mon data avail warn = 1
mon data avail crit = 0
mon warn on insecure global id reclaim allowed = false
paxos propose interval = 0.1
[mon]
mon data = $DIR/mon
[osd]
osd data = $DIR/osd
osd objectstore = memstore
memstore device bytes = ${TESSERA_CEPH_BYTES:-4294967296}
[client.rgw.tessera]
rgw data = $DIR/rgw
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT tcp_nodelay=1
rgw gc obj min wait = 60
rgw gc processor period = 60
CONF

DONE=0
cleanup() {
  [ "$DONE" = 1 ] && return
  say "start-up failed; stopping what it started (logs in $DIR/log)"
  stop_all
  for f in "$DIR"/log/*; do [ -s "$f" ] && { echo "--- $f" >&2; tail -n 10 "$f" >&2; }; done
}
trap cleanup EXIT
: >"$DIR/pids"
# (the daemons must not inherit the lock's descriptor: they would hold the lock as long as they run)
run_bg() { local name=$1; shift; "$@" -f </dev/null >>"$DIR/log/$name.out" 2>&1 9>&- & echo "$name $!" >>"$DIR/pids"; }

monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" --no-mon-config >"$DIR/log/osd-mkfs.out" 2>&1 9>&- &
osd_mkfs=$!
ceph-mon -c "$CONF" -i a --mkfs --monmap "$DIR/monmap" >"$DIR/log/mon-mkfs.out" 2>&1 || fail "ceph-mon --mkfs"
run_bg mon ceph-mon -c "$CONF" -i a
wait "$osd_mkfs" || fail "ceph-osd --mkfs"
MALLOC_TRIM_THRESHOLD_=131072 MALLOC_MMAP_THRESHOLD_=131072 run_bg osd ceph-osd -c "$CONF" -i 0
say "monitor and OSD started"

# Register the OSD and make radosgw's pools in one go (librados: quicker than the ceph CLI, and the
# monitor batches concurrent commands into few rounds).
/usr/bin/python3 - "$CONF" "$OSD_UUID" <<'PY' >"$DIR/log/setup.out" 2>&1 || fail "OSD registration / pools: $(tail -n 3 "$DIR/log/setup.out")"
import json, sys, threading, time, rados
conf, osd_uuid = sys.argv[1], sys.argv[2]
cluster = rados.Rados(conffile=conf)
cluster.connect(timeout=60)
errors = []
def run(commands):
    for cmd in commands:
        for _ in range(200):
            ret, _, msg = cluster.mon_command(json.dumps(cmd), b'', timeout=60)
            if ret != -11:  # EAGAIN while another change is pending
                break
            time.sleep(0.05)
        if ret != 0:
            errors.append(f'{cmd["prefix"]}: {ret} {msg}')
jobs = [[{"prefix": "osd new", "uuid": osd_uuid, "id": 0}]]
for pool in ['.rgw.root', 'default.rgw.log', 'default.rgw.control', 'default.rgw.meta',
             'default.rgw.buckets.index', 'default.rgw.buckets.non-ec', 'default.rgw.buckets.data']:
    jobs.append([{"prefix": "osd pool create", "pool": pool, "pg_num": 8},
                 {"prefix": "osd pool application enable", "pool": pool, "app": "rgw"}])
threads = [threading.Thread(target=run, args=(j,)) for j in jobs]
for t in threads: t.start()
for t in threads: t.join()
cluster.shutdown()
sys.exit('\n'.join(errors) if errors else 0)
PY
say "OSD registered, pools made"

run_bg rgw radosgw -c "$CONF" -n client.rgw.tessera
deadline=$(( $(date +%s) + ${TESSERA_CEPH_TIMEOUT:-120} ))
until answers "$RGW_PORT"; do
  while read -r name pid; do ours "$pid" || fail "$name exited"; done <"$DIR/pids"
  [ "$(date +%s)" -lt "$deadline" ] || fail "radosgw did not answer on port $RGW_PORT"
  sleep 0.1
done
radosgw-admin -c "$CONF" -n client.rgw.tessera user create --uid=tessera --display-name=tessera \
  --access-key="$KEY_ID" --secret-key="$SECRET" >"$DIR/log/user.out" 2>&1 || fail "radosgw-admin user create"
say "radosgw answers on 127.0.0.1:$RGW_PORT"

cat >"$DIR/env" <<ENV
export TESSERA_CEPH_DIR='$DIR'
export TESSERA_CEPH_PORT=$RGW_PORT
export TESSERA_CEPH_ENDPOINT='http://127.0.0.1:$RGW_PORT'
export TESSERA_CEPH_ACCESS_KEY_ID='$KEY_ID'
export TESSERA_CEPH_SECRET_ACCESS_KEY='$SECRET'
ENV
DONE=1
cat "$DIR/env"
