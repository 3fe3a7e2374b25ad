#!/usr/bin/env bash
# Every view BENCHMARKS.md reports, in one go, on the side-by-side harness (run.sh beside the project, or BENCH_RUN):
# JDK 17 (the java on PATH), the newest JDK 22+ under /usr/lib/jvm, and that JDK with the workload's AOT cache, in the
# same rounds as raw C and runc.
#   unpinned / pinned to CPU 1 (PIN=1), each with the default warm-up (half of N, at most 500) and with 3000;
#   the warm-up curve: 5000 lifecycles from a cold JVM, per 100.
# Usage: benchmarks/views.sh OUTDIR [N=1000] [RUNS=3]   (root; about 15 minutes on 2 CPUs)
set -euo pipefail
out=${1:?usage: benchmarks/views.sh OUTDIR [N] [RUNS]}
n=${2:-1000}
runs=${3:-3}
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
run=${BENCH_RUN:-$here/../../shared/bench/run.sh}
[ -x "$run" ] || { echo "views.sh: no harness at $run (set BENCH_RUN)" >&2; exit 2; }
jvms="$here/variant.sh:$here/variant-newest-jdk.sh:$here/variant-newest-jdk-aot.sh"
mkdir -p "$out"
ffm=()   # the newest JDK 22+ also compiles the java.lang.foreign boundary into the cgroups-fs jar
for r in /usr/lib/jvm/*/release; do
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$r" 2>/dev/null || true)
  if [ -n "$v" ] && [ "$v" -ge 22 ] && [ -x "$(dirname "$r")/bin/javac" ]; then ffm=(-Dcgroups4j.jdk22="$(dirname "$r")"); fi
done
(cd "$here/.." && mvn -q -B -o -DskipTests package -pl benchmarks -am ${ffm[@]+"${ffm[@]}"})
rm -f "$here"/target/harness-*.aot   # the AOT cache is trained on this build
view() { local name=$1; shift; echo "== $name ($*)" >&2; env "$@" "$run" "$n" 20 >"$out/$name.txt" 2>&1; }
view unpinned VARIANTS="$jvms" RUNS="$runs"
view pinned VARIANTS="$jvms" RUNS="$runs" PIN=1
view unpinned-warm3000 VARIANTS="$jvms" RUNS="$runs" CG4J_WARMUP=3000
view pinned-warm3000 VARIANTS="$jvms" RUNS="$runs" PIN=1 CG4J_WARMUP=3000
echo "== curve (5000 lifecycles from a cold JVM)" >&2
env VARIANTS="$jvms" RUNS=1 CG4J_WARMUP=0 CG4J_CURVE="$out/curve-%v.txt" "$run" 5000 0 >"$out/curve-run.txt" 2>&1
for f in "$out"/*.txt; do case "$f" in */curve-*) ;; *) echo "### $(basename "$f" .txt)"; sed -n '/== summary/,/^per-phase/p' "$f"; grep '^ALLOC' "$f" | sort | uniq | head -12 ;; esac; done
