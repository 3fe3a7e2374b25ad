#!/usr/bin/env bash
# Where a variant's user-space time goes, call by call, against c-same (this project's own system calls, made from C).
# The variant and c-same each run N lifecycles (default 7000, after 500 of warm-up) under one bench parent
# (parent.sh). perf records raw_syscalls:sys_enter and sys_exit, every event, for RECORD seconds (default 2) of each timed
# window, starting DELAY seconds (default 6) after the program starts. gaps.py then compares the two programs call
# position by call position, and names the calls from an strace of c-same. Needs root, perf and strace.
#   benchmarks/gaps.sh [VARIANT.sh]   (default: benchmarks/variant.sh, run by JAVA_HOME's java or the one on PATH)
# The recordings stay in OUT (default: a new /tmp/cgroups4j-gaps.XXXXXX).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
variant=${1:-$here/variant.sh}
n=${N:-7000}
bin=${BENCH_BIN:-/tmp/cgbench-bin}
for tool in perf strace gcc python3; do
  command -v $tool >/dev/null || { echo "gaps.sh: needs $tool" >&2; exit 2; }
done
if [ ! -x "$bin/cgsame" ] || [ "$here/src/main/c/cgsame.c" -nt "$bin/cgsame" ]; then
  mkdir -p "$bin" && gcc -O2 -Wall -pthread -o "$bin/cgsame" "$here/src/main/c/cgsame.c"
fi
out=${OUT:-$(mktemp -d /tmp/cgroups4j-gaps.XXXXXX)}
mkdir -p "$out"
# shellcheck source=parent.sh
. "$here/parent.sh"
cleanup() {
  set +e
  [ -n "${run:-}" ] && { kill "$run" 2>/dev/null; wait "$run" 2>/dev/null; }
  parent_down
}
trap cleanup EXIT
trap 'exit 130' INT TERM
parent_up
record() { # name, command...
  local name=$1
  shift
  "$@" > "$out/$name.result" 2>&1 &
  run=$!
  sleep "${DELAY:-6}"
  kill -0 "$run" 2>/dev/null || { echo "gaps.sh: $name ended within DELAY=${DELAY:-6} s (raise N): $(tail -3 \
    "$out/$name.result")" >&2; exit 1; }
  perf record -q -m 4096 -e raw_syscalls:sys_enter -e raw_syscalls:sys_exit -p "$run" -o "$out/$name.data" \
    -- sleep "${RECORD:-2}" || { echo "gaps.sh: perf record of $name failed" >&2; exit 1; }
  wait "$run" || { echo "gaps.sh: $name failed: $(tail -3 "$out/$name.result")" >&2; exit 1; }
  run=""
  grep '^RESULT' "$out/$name.result"
  perf script --ns -i "$out/$name.data" -F tid,time,event,trace > "$out/$name.txt" 2>/dev/null
  rm -f "$out/$name.data" # the text is what gaps.py reads; the binary is as large again
}
record variant "$variant" -parent "$bench" -pid "$spid" -n "$n" -warmup 500 -mode lifecycle
record c-same "$bin/cgsame" -parent "$bench" -pid "$spid" -n "$n" -warmup 500
strace -o "$out/c-same.strace" -e trace=openat2,close,read,write,mkdirat,unlinkat,statx \
  "$bin/cgsame" -parent "$bench" -pid "$spid" -n 3 -warmup 0 > /dev/null
python3 "$here/gaps.py" "$out/variant.txt" "$out/c-same.txt" "$out/c-same.strace"
echo "(recordings in $out)"
