#!/usr/bin/env bash
# Runs one command inside a throw-away systemd-nspawn container whose PID 1 is a real systemd, on this machine's own
# root file system (read-only, with a tmpfs overlay), and tears it down; exits with the command's status (200+ when
# the container itself failed). The container sees this host's cgroup v1 hierarchies through a cgroup namespace
# rooted at a cgroup of our own, cgroups4j-nspawn-<random>, made directly under every hierarchy root before the
# container starts and removed (with everything below it) afterwards: nothing else of the machine is touched.
#
# nspawn mounts the v1 controller hierarchies read-only, so the container's systemd would manage only name=systemd.
# With --writable (the default) they are remounted read-write inside the container's own mount namespace (the
# writes land below our cgroups4j-nspawn-* cgroup) and systemd is re-executed so that it manages them: the driver's
# v1 limits are then proven on the real controllers, written by systemd and by the fs manager.
#
# usage: .ci/nspawn/run.sh [--timeout SECONDS] [--read-only] -- command [args...]
#   the command runs in all the container's namespaces, in the current directory (bound read-write)
set -uo pipefail
timeout_s=600 writable=1
while [ $# -gt 0 ]; do
  case $1 in
    --timeout) timeout_s=$2; shift ;;
    --read-only) writable=0 ;;
    --) shift; break ;;
    *) echo "nspawn/run: unknown option $1" >&2; exit 201 ;;
  esac
  shift
done
die() { echo "nspawn/run: $1" >&2; exit "${2:-201}"; }
[ $# -gt 0 ] || die "usage: .ci/nspawn/run.sh [--timeout S] [--read-only] -- command [args...]"
[ "$(id -u)" = 0 ] || die "needs root"
if ! command -v systemd-nspawn >/dev/null; then
  echo "nspawn/run: installing systemd-container" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q systemd-container >&2 || { apt-get update -q >&2 && apt-get install -y -q systemd-container >&2; } \
    || die "cannot install systemd-container"
fi
root=/sys/fs/cgroup
name=cgroups4j-nspawn-$RANDOM$RANDOM
machine=cgroups4j$RANDOM
cwd=$(pwd)
log=$(mktemp /tmp/cgroups4j-nspawn-log.XXXXXX)
rbind=$(mktemp -d /tmp/cgroups4j-nspawn-root.XXXXXX)
npid="" leader=""
hiers=()
for h in $root/*/; do h=${h%/}; [ -e "$h/cgroup.procs" ] && hiers+=("$h"); done

cleanup() {
  if [ -n "$npid" ] && kill -0 "$npid" 2>/dev/null; then
    [ -n "$leader" ] && kill -RTMIN+4 "$leader" 2>/dev/null   # ask the container's systemd to power off
    for _ in $(seq 50); do kill -0 "$npid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$npid" 2>/dev/null
  fi
  [ -n "$npid" ] && wait "$npid" 2>/dev/null
  # what is left in our cgroups was started by us: end it, then remove the cgroups leaves first
  for h in "${hiers[@]}"; do
    [ -d "$h/$name" ] || continue
    find "$h/$name" -name cgroup.procs -exec cat {} + 2>/dev/null | while read -r p; do kill -KILL "$p" 2>/dev/null; done
  done
  sleep 0.2
  for h in "${hiers[@]}"; do
    [ -d "$h/$name" ] || continue
    for _ in 1 2 3 4 5; do find "$h/$name" -depth -type d -exec rmdir {} \; 2>/dev/null; [ -d "$h/$name" ] || break; sleep 0.3; done
    [ -d "$h/$name" ] && echo "nspawn/run: WARNING: could not remove $h/$name" >&2
  done
  rmdir "$rbind" 2>/dev/null
  [ "${CGROUPS4J_NSPAWN_KEEP_LOG:-0}" = 1 ] && echo "nspawn/run: log kept at $log" >&2 || rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for h in "${hiers[@]}"; do
  mkdir "$h/$name" || die "mkdir $h/$name"
  if [ -e "$h/cpuset.cpus" ]; then cat "$h/cpuset.cpus" > "$h/$name/cpuset.cpus"; cat "$h/cpuset.mems" > "$h/$name/cpuset.mems"; fi
done

start=$(date +%s.%N)
# the launcher joins our cgroups, then becomes nspawn (which stays there: --register=no --keep-unit). nspawn refuses
# --directory=/ with --volatile=overlay, so / is bound to a directory in a private mount namespace first.
SYSTEMD_NSPAWN_TMPFS_TMP=0 setsid unshare --mount --propagation private bash -c '
  for h in "${@:3}"; do echo $$ > "$h/cgroup.procs" || exit 210; done
  mount --bind / "$1" || exit 211
  exec systemd-nspawn --quiet --directory="$1" --volatile=overlay --register=no --keep-unit \
     --machine="$2" --bind="'"$(printf %q "$cwd")"'" --private-network --console=read-only \
     --boot -- --unit=basic.target --default-standard-output=journal
' launcher "$rbind" "$machine" "${hiers[@]/%//$name}" > "$log" 2>&1 < /dev/null &
npid=$!

ready=0
for _ in $(seq $((timeout_s * 10))); do
  kill -0 "$npid" 2>/dev/null || break
  if [ -z "$leader" ]; then
    for c in $(cat /proc/$npid/task/*/children 2>/dev/null); do
      [ "$(cat /proc/$c/comm 2>/dev/null)" = systemd ] && leader=$c
    done
  fi
  if [ -n "$leader" ] && st=$(nsenter -t "$leader" -a systemctl is-system-running 2>/dev/null; true) \
     && [ -n "$st" ] && [ "$st" != starting ] && [ "$st" != initializing ] \
     && nsenter -t "$leader" -a busctl --system status org.freedesktop.systemd1 >/dev/null 2>&1; then
    ready=1; break
  fi
  sleep 0.1
done
if [ $ready != 1 ]; then
  echo "nspawn/run: the container's systemd was not ready within ${timeout_s} s (leader ${leader:-none})" >&2
  tail -40 "$log" >&2
  exit 203
fi
if [ $writable = 1 ]; then
  # read-write v1 controllers in the container's own mount namespace (below our cgroup), then a re-executed systemd
  # that finds them writable and manages them
  nsenter -t "$leader" -m bash -c 'for d in /sys/fs/cgroup/*/; do d=${d%/}; [ -e "$d/cgroup.procs" ] || continue
    mount -o remount,bind,rw "$d" || exit 1; done' || die "cannot remount the container's controllers read-write" 204
  nsenter -t "$leader" -a systemctl daemon-reexec || die "systemctl daemon-reexec failed" 205
  for _ in $(seq 100); do
    nsenter -t "$leader" -a busctl --system status org.freedesktop.systemd1 >/dev/null 2>&1 && break; sleep 0.1
  done
fi
echo "nspawn/run: systemd ready in $(printf '%.2f' "$(echo "$(date +%s.%N) - $start" | bc)") s (leader pid $leader," \
  "controllers $([ $writable = 1 ] && echo read-write || echo read-only))" >&2
# the command joins our cgroups first (it must not stay in the caller's), then enters the container
bash -c 'n=$1; shift; for h in '"${hiers[*]}"'; do echo $$ > "$h/$n/cgroup.procs" || exit 212; done; exec "$@"' cmd "$name" \
  timeout -s KILL "$timeout_s" nsenter -t "$leader" -a env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME="${HOME:-/root}" ${JAVA_HOME:+JAVA_HOME=$JAVA_HOME} ${MAVEN_OPTS:+MAVEN_OPTS="$MAVEN_OPTS"} TERM=dumb \
  bash -c 'cd "$1" || exit 202; shift; exec "$@"' cmd "$cwd" "$@"
