#!/usr/bin/env bash
# Same-round A/B of lifecycle variants, for differences smaller than the harness's round-to-round drift: K rounds of
# the variants, raw C and c-same in a rotating order, each "-mode lifecycle -n N" after a pause of SETTLE seconds
# (default 2: the kernel frees the previous run's 1,500 removed cgroups in the background, which slowed whichever
# variant came next by up to a third); prints every RESULT line and the medians with their ratio to raw C.
#   benchmarks/pairs.sh K VARIANT.sh [VARIANT.sh ...]      (root; N=1000 unless N is set; PIN=CPU pins all of it)
# A variant is a script taking the harness's arguments, e.g. two lines:
#   export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 CG4J_NAME_SUFFIX=-before
#   exec /path/to/a/worktree/benchmarks/variant.sh "$@"
# or runc 1.1.5's Go driver, once ../shared/bench/run.sh has built it: exec /tmp/cgbench-bin/cgbench "$@"
# The parent cgroup is bench-cgroups4j<random> in every v1 hierarchy and the hybrid cgroup2 (one word after "bench-",
# as the Go driver requires), set up as the harness (../shared/bench/run.sh) sets up its own, and removed on exit.
# Raw C is the harness's cgraw (BENCH_BIN, else /tmp/cgbench-bin, where run.sh builds it; built here from
# BENCH_SRC/c/cgraw.c when missing). c-same is this project's src/main/c/cgsame.c, built into the same place: our
# own system calls made from C (SAME=0 leaves it out).
set -euo pipefail
k=${1:?usage: benchmarks/pairs.sh K VARIANT.sh [VARIANT.sh ...]}
shift
[ $# -ge 1 ] || { echo "pairs.sh: name at least one variant script" >&2; exit 2; }
n=${N:-1000}
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
bin=${BENCH_BIN:-/tmp/cgbench-bin}
src=${BENCH_SRC:-$here/../../shared/bench}
if [ ! -x "$bin/cgraw" ]; then
  [ -f "$src/c/cgraw.c" ] || { echo "pairs.sh: no $bin/cgraw and no $src/c/cgraw.c (set BENCH_BIN or BENCH_SRC)" >&2; exit 2; }
  mkdir -p "$bin" && gcc -O2 -Wall -o "$bin/cgraw" "$src/c/cgraw.c"
fi
same=${SAME:-1}
if [ "$same" = 1 ] && { [ ! -x "$bin/cgsame" ] || [ "$here/src/main/c/cgsame.c" -nt "$bin/cgsame" ]; }; then
  mkdir -p "$bin" && gcc -O2 -Wall -pthread -o "$bin/cgsame" "$here/src/main/c/cgsame.c"
fi
pin=()
[ -n "${PIN:-}" ] && pin=(taskset -c "$PIN")
# shellcheck source=parent.sh
. "$here/parent.sh"
out=$(mktemp)
cleanup() {
  set +e
  parent_down
  rm -f "$out"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
parent_up
variants=("$@" c-raw)
[ "$same" = 1 ] && variants+=(c-same)
for ((r = 0; r < k; r++)); do
  for ((i = 0; i < ${#variants[@]}; i++)); do
    v=${variants[$(((i + r) % ${#variants[@]}))]}
    case $v in
      c-raw) cmd=("$bin/cgraw" -parent "$bench" -pid "$spid" -n "$n" -stats-n 1 -warmup $((n / 2)) -mode lifecycle) ;;
      c-same) cmd=("$bin/cgsame" -parent "$bench" -pid "$spid" -n "$n" -warmup $((n / 2))) ;;
      *) cmd=("$v" -parent "$bench" -pid "$spid" -n "$n" -mode lifecycle) ;;
    esac
    sleep "${SETTLE:-2}"
    ${pin[@]+"${pin[@]}"} "${cmd[@]}" 2>/dev/null | grep '^RESULT' | tee -a "$out" \
      || { echo "pairs.sh: $v printed no RESULT line (run it alone to see why)" >&2; exit 1; }
  done
done
echo "== medians of $k rounds (time/op, p50 and p99 as ratios to c-raw's medians)"
awk '/lifecycle/ { o = a = b = ""; for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "ops_per_s") o = kv[2];
       if (kv[1] == "p50_us") a = kv[2]; if (kv[1] == "p99_us") b = kv[2] }
       print $2, o, a, b }' "$out" | sort -k1,1 -k2,2n | awk '
  { name[NR] = $1; ops[$1] = ops[$1] " " $2; p50[$1] = p50[$1] " " $3; p99[$1] = p99[$1] " " $4 }
  function med(list,   a, m, i, j, t) { m = split(list, a, " ");
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
  END { ro = med(ops["c-raw"]); r50 = med(p50["c-raw"]); r99 = med(p99["c-raw"])
    for (v in ops) printf "%-36s %7.1f ops/s  time/op %.2fx  p50 %.2fx  p99 %.2fx\n", v, med(ops[v]), ro / med(ops[v]),
      med(p50[v]) / r50, med(p99[v]) / r99 }' | sort
