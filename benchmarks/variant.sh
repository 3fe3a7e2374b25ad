#!/usr/bin/env bash
# The cgroups4j variant for the side-by-side harness: VARIANTS=$PWD/benchmarks/variant.sh ../shared/bench/run.sh
# Called as: variant.sh -parent bench-XXXX -pid PID -n N ; prints RESULT/PHASE lines (see HarnessVariant), and
# ALLOC lines (bytes allocated per operation) on stderr.
#
#   JAVA_HOME         the JDK to run on (else the java on PATH); the variant is named cgroups4j-<feature version>
#   CG4J_WARMUP       lifecycles (and stats calls) run before timing; default: half of N, at most 500 (5000 stats)
#   CG4J_CURVE        a file for the warm-up curve (per 100 lifecycles from the first; give CG4J_WARMUP=0);
#                     %v in it becomes the JDK's feature version, so two JDKs in one round write two files
#   CG4J_JAVA_OPTS    more JVM options (e.g. -Xlog:jit+compilation=debug:file=/tmp/jit.log, a JFR recording)
#   CG4J_NAME_SUFFIX  appended to the variant's name (e.g. -cold), to tell views apart in one round
#   CG4J_AOT=1        JDK 25+: run with an AOT cache (JEP 483/515: classes loaded and linked, method profiles) made
#                     by one training run of this workload (300 lifecycles, 3000 stats) under the same parent, kept
#                     in target/harness-<version>.aot; the variant is then named cgroups4j-<version>-aot
#   CG4J_SAME=1       run SameCalls instead: cgroups4j's own system calls through its native boundary with no cgroup
#                     logic (src/main/c/cgsame.c in Java), named java-same-<version>: the floor for Java on this JVM
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
jar="$here/target/benchmarks-0.1.0-SNAPSHOT.jar"
if [ ! -f "$jar" ]; then
  (cd "$here/.." && mvn -q -B -DskipTests package -pl benchmarks -am) >&2
fi
java=java
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
jhome="$(readlink -f "$(command -v "$java")")"; jhome="${jhome%/bin/java}"
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jhome/release" 2>/dev/null || echo 0)
opts=(-XX:+UseSerialGC -Xms64m -Xmx256m)
# JDK 22+: the java.lang.foreign boundary (in the cgroups-fs jar when it was built with -Dcgroups4j.jdk22) may link
[ "${feature:-0}" -ge 22 ] && opts+=(--enable-native-access=ALL-UNNAMED)
suffix="${CG4J_NAME_SUFFIX:-}"
if [ "${CG4J_AOT:-0}" = 1 ]; then
  [ "${feature:-0}" -ge 25 ] || { echo "variant.sh: CG4J_AOT needs JDK 25+, not $feature" >&2; exit 2; }
  aot="$here/target/harness-$feature.aot"
  if [ ! -f "$aot" ]; then
    # shellcheck disable=SC2086
    "$java" "${opts[@]}" ${CG4J_JAVA_OPTS:-} -XX:AOTCacheOutput="$aot" -cp "$jar:$here/target/lib/*" \
      io.github.cgroups4j.bench.HarnessVariant "$@" -n 300 -stats-n 3000 -warmup 0 -name training >/dev/null 2>&1 \
      || { rm -f "$aot"; echo "variant.sh: the AOT training run failed" >&2; exit 1; }
  fi
  opts+=(-XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off)
  suffix="-aot$suffix"
fi
main=HarnessVariant prefix=cgroups4j
[ "${CG4J_SAME:-0}" = 1 ] && main=SameCalls prefix=java-same
args=("$@" -name "${prefix}-${feature}${suffix}")
[ -n "${CG4J_WARMUP:-}" ] && args+=(-warmup "$CG4J_WARMUP")
[ -n "${CG4J_CURVE:-}" ] && args+=(-curve "${CG4J_CURVE//%v/$feature$suffix}")
# shellcheck disable=SC2086 # CG4J_JAVA_OPTS is a list of options
exec "$java" "${opts[@]}" ${CG4J_JAVA_OPTS:-} -cp "$jar:$here/target/lib/*" "io.github.cgroups4j.bench.$main" "${args[@]}"
