# shellcheck shell=bash
# Sourced by pairs.sh and gaps.sh: the bench parent cgroup, set up as the harness (../shared/bench/run.sh) sets up its
# own. parent_up makes bench-cgroups4j<random> in every v1 hierarchy and the hybrid cgroup2 (one word after "bench-",
# as runc's Go driver requires), copies cpuset's cpus and mems into it and puts a sleeping process ($spid) in it in
# every hierarchy but memory; parent_down kills that process and removes the parent and whatever is left below it.
cg=/sys/fs/cgroup
all="cpu cpuacct cpuset memory devices freezer blkio pids systemd unified"
join="cpu cpuacct cpuset devices freezer blkio pids systemd unified"   # memory never joined, as the harness
bench=bench-cgroups4j$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
spid=""

parent_up() {
  for h in $all; do mkdir "$cg/$h/$bench"; done
  cat $cg/cpuset/cpuset.cpus > $cg/cpuset/$bench/cpuset.cpus
  cat $cg/cpuset/cpuset.mems > $cg/cpuset/$bench/cpuset.mems
  sleep 1000000 &
  spid=$!
  for h in $join; do echo $spid > $cg/$h/$bench/cgroup.procs; done
}

parent_down() {
  [ -n "$spid" ] && { kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; }
  for h in $all; do
    d=$cg/$h/$bench
    [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
    [ -d "$d" ] && echo "$(basename "$0"): could not remove $d" >&2
  done
}
