#!/usr/bin/env bash
# The cgroups4j variant for the side-by-side harness: VARIANTS=$PWD/benchmarks/variant.sh ../shared/bench/run.sh
# Called as: variant.sh -parent bench-XXXX -pid PID -n N ; prints RESULT/PHASE lines (see HarnessVariant).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
jar="$here/target/benchmarks-0.1.0-SNAPSHOT.jar"
if [ ! -f "$jar" ]; then
  (cd "$here/.." && mvn -q -B -DskipTests package -pl benchmarks -am) >&2
fi
exec java -XX:+UseSerialGC -Xms64m -Xmx256m -cp "$jar:$here/target/lib/*" io.github.cgroups4j.bench.HarnessVariant "$@"
