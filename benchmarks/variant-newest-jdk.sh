#!/usr/bin/env bash
# benchmarks/variant.sh on the newest JDK 22+ under /usr/lib/jvm (or $JDK22_HOME), for a side-by-side round:
#   VARIANTS=$PWD/benchmarks/variant.sh:$PWD/benchmarks/variant-newest-jdk.sh ../shared/bench/run.sh 1000
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
jdk="${JDK22_HOME:-}"
if [ -z "$jdk" ]; then
  best=0
  for r in /usr/lib/jvm/*/release; do
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$r" 2>/dev/null || true)
    if [ -n "$v" ] && [ "$v" -ge 22 ] && [ "$v" -gt "$best" ]; then best=$v; jdk="$(dirname "$r")"; fi
  done
fi
[ -n "$jdk" ] || { echo "variant-newest-jdk.sh: no JDK 22+ under /usr/lib/jvm (set JDK22_HOME)" >&2; exit 0; }
JAVA_HOME="$jdk" exec "$here/variant.sh" "$@"
