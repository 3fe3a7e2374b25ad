#!/usr/bin/env bash
# variant-newest-jdk.sh with the JDK 25+ AOT cache of the workload (CG4J_AOT=1; see variant.sh)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
CG4J_AOT=1 exec "$here/variant-newest-jdk.sh" "$@"
