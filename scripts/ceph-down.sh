#!/usr/bin/env bash
# scripts/ceph-down.sh DIR: stops the cluster scripts/ceph-up.sh started in DIR (only the processes it
# recorded, and only while they still run with that cluster's config) and removes DIR.
set -euo pipefail
DIR="${1:?usage: ceph-down.sh DIR}"
[ -d "$DIR" ] || exit 0
DIR=$(cd "$DIR" && pwd -P)
CONF="$DIR/ceph.conf"
[ -f "$DIR/.tessera-ceph" ] || { echo "ceph-down: $DIR was not made by ceph-up.sh; leaving it" >&2; exit 1; }
ours() { [ -n "${1:-}" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$CONF"; }
if [ -f "$DIR/pids" ]; then
  for name in rgw osd mon; do
    pid=$(awk -v n="$name" '$1 == n {print $2}' "$DIR/pids")
    ours "$pid" || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do ours "$pid" || break; sleep 0.1; done
    if ours "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
fi
rm -rf "$DIR"
