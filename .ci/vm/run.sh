#!/usr/bin/env bash
# Runs one command inside a throw-away VM with pure cgroup v2 and every controller enabled at its root (as systemd
# does), then powers it off; exits with the command's status. The guest sees this machine's "/" read-only (its own
# writes land in a tmpfs) and the project folder read-write, so build output comes back here. Build it first with
# .ci/vm/build.sh. Without usable KVM, QEMU emulates the CPU (TCG): a boot takes ~15 s, the JVM runs several times
# slower. Exit status: the command's, or 200+ when the VM itself failed.
#
# With --systemd the guest's PID 1 is the machine's systemd (252 here) instead of a shell: the command then runs as
# the unit cgroups4j-job.service (Delegate=yes), with the system bus up, and the guest powers off when it ends.
#
# usage: .ci/vm/run.sh [--timeout SECONDS] [--mem SIZE] [--systemd] [--console] -- command [args...]
set -uo pipefail
vm=${CGROUPS4J_VM_DIR:-/var/tmp/cgroups4j-vm}
timeout_s=900 mem=3G console=0 systemd=0
while [ $# -gt 0 ]; do
  case $1 in
    --timeout) timeout_s=$2; shift ;;
    --mem) mem=$2; shift ;;
    --console) console=1 ;;
    --systemd) systemd=1 ;;
    --) shift; break ;;
    *) echo "vm/run: unknown option $1" >&2; exit 201 ;;
  esac
  shift
done
[ $# -gt 0 ] || { echo "usage: .ci/vm/run.sh [--timeout S] [--mem SIZE] -- command [args...]" >&2; exit 201; }
[ "$(id -u)" = 0 ] || { echo "vm/run: needs root (the 9p export of /)" >&2; exit 201; }
[ -f "$vm/vmlinuz" ] && [ -f "$vm/initrd.img" ] || { echo "vm/run: run .ci/vm/build.sh first" >&2; exit 201; }
project=$(cd "$(dirname "$0")/../.." && pwd -P)
case "$project/" in
  /tmp/*|/run/*|/dev/shm/*)
    # the guest mounts its own tmpfs there, over the host's: the project would not be found in the VM
    echo "vm/run: the project ($project) is under /tmp, /run or /dev/shm, which the guest replaces with a tmpfs;" \
      "clone it elsewhere (e.g. /var/tmp, /work)" >&2
    exit 201 ;;
esac

job=$(mktemp -d /tmp/cgroups4j-vmjob.XXXXXX)
qemu_pid=""
cleanup() {
  [ -n "$qemu_pid" ] && kill -9 "$qemu_pid" 2>/dev/null
  rm -rf "$job"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "$project" > "$job/project"
{
  for v in PATH JAVA_HOME MAVEN_OPTS LANG; do [ -n "${!v+x}" ] && printf 'export %s=%q\n' "$v" "${!v}"; done
  echo "export HOME=${HOME:-/root}"
  printf 'cd %q\n' "$(pwd)"
  printf '%q ' "$@"; echo
} > "$job/command.sh"
: > "$job/output"
cat > "$job/run-job.sh" <<'JOB'
#!/bin/bash
# the command, as cgroups4j-job.service (systemd mode)
echo "CGROUPS4J-VM-START $(cut -d' ' -f1 /proc/uptime)" > /dev/console
bash /vmjob/command.sh >> /vmjob/output 2>&1 < /dev/null
echo $? > /vmjob/rc
echo "CGROUPS4J-VM-END $(cut -d' ' -f1 /proc/uptime)" > /dev/console
sync
exit 0
JOB
cat > "$job/cgroups4j-job.service" <<'UNIT'
[Unit]
Description=cgroups4j VM job
Requires=dbus.socket
After=basic.target dbus.socket
SuccessAction=poweroff-force
FailureAction=poweroff-force
[Service]
Type=oneshot
ExecStart=/bin/bash /vmjob/run-job.sh
Delegate=yes
TimeoutStartSec=infinity
StandardOutput=journal
UNIT
cat > "$job/cgroups4j-job.target" <<'UNIT'
[Unit]
Description=cgroups4j VM job
Requires=basic.target cgroups4j-job.service
After=basic.target cgroups4j-job.service
AllowIsolate=yes
UNIT
echo "$systemd" > "$job/systemd"
cat > "$job/stage2.sh" <<'STAGE2'
#!/bin/bash
if [ "$(cat /vmjob/systemd)" = 1 ]; then
  # systemd as PID 1, booting straight into the job (its units land in the tmpfs overlay, not on the host); the
  # host image's /.dockerenv would make systemd think it runs in a container and ignore the kernel command line
  mkdir -p /etc/systemd/system
  cp /vmjob/cgroups4j-job.service /vmjob/cgroups4j-job.target /etc/systemd/system/
  rm -f /.dockerenv /run/.containerenv
  exec /lib/systemd/systemd
fi
# stage 2, PID 1: a cgroup2 root with every controller for its children, then the command, then power off
mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t cgroup2 -o nsdelegate,memory_recursiveprot cgroup2 /sys/fs/cgroup
for c in $(cat /sys/fs/cgroup/cgroup.controllers); do echo "+$c" > /sys/fs/cgroup/cgroup.subtree_control; done
mkdir -p /sys/fs/cgroup/init.scope && echo $$ > /sys/fs/cgroup/init.scope/cgroup.procs
echo "CGROUPS4J-VM-START $(cut -d' ' -f1 /proc/uptime)" > /dev/console
bash /vmjob/command.sh >> /vmjob/output 2>&1 < /dev/null
echo $? > /vmjob/rc
echo "CGROUPS4J-VM-END $(cut -d' ' -f1 /proc/uptime)" > /dev/console
sync
echo 1 > /proc/sys/kernel/sysrq; echo o > /proc/sysrq-trigger
sleep 10
STAGE2
truncate -s 64M "$job/disk.img"

# single-threaded TCG: with thread=multi, JVMs in the VM twice died with SIGSEGV in freshly C1-compiled JDK code
# (String.length, asm.SymbolTable.put), which points at cross-modifying code between emulated CPUs
accel=(-accel tcg,thread=single -cpu max)
if [ -c /dev/kvm ] && [ ! -d /sys/module/kvm_pvm ] && grep -qE 'vmx|svm' /proc/cpuinfo; then
  accel=(-enable-kvm -cpu host)
fi
append="console=ttyS0 panic=-1 quiet loglevel=3 cgroup_no_v1=all rw"
if [ $systemd = 1 ]; then
  append+=" systemd.unified_cgroup_hierarchy=1 systemd.unit=cgroups4j-job.target systemd.show_status=false"
  append+=" systemd.firstboot=0"
  # what is useless or slow in a throw-away guest
  for u in systemd-timesyncd.service systemd-remount-fs.service systemd-pstore.service systemd-journal-flush.service \
      systemd-update-utmp.service apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer \
      dpkg-db-backup.timer getty@tty1.service serial-getty@ttyS0.service postgresql.service prometheus.service \
      prometheus-node-exporter.service systemd-networkd.service ssh.service cron.service; do
    append+=" systemd.mask=$u"
  done
fi
qemu=(qemu-system-x86_64 "${accel[@]}" -M q35 -m "$mem" -smp 2 -nodefaults -no-user-config -no-reboot
  -display none -serial "file:$job/console.log" -nic none
  -kernel "$vm/vmlinuz" -initrd "$vm/initrd.img"
  -append "$append"
  -fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
  -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
  -fsdev "local,id=vmjob,path=$job,security_model=none"
  -device virtio-9p-pci,fsdev=vmjob,mount_tag=vmjob
  -fsdev "local,id=project,path=$project,security_model=none,multidevs=remap"
  -device virtio-9p-pci,fsdev=project,mount_tag=project
  -drive "file=$job/disk.img,format=raw,if=virtio,cache=unsafe")
start=$(date +%s)
timeout -s KILL "$timeout_s" "${qemu[@]}" 2> "$job/qemu.err" &
qemu_pid=$!
tail -F -n +1 --pid=$qemu_pid "$job/output" 2>/dev/null &
[ $console = 1 ] && tail -F -n +1 --pid=$qemu_pid "$job/console.log" >&2 2>/dev/null &
wait $qemu_pid
qemu_rc=$?
qemu_pid=""
sleep 0.2
echo "vm/run: $(( $(date +%s) - start )) s in the VM ($(grep -ao 'CGROUPS4J-VM-START [0-9.]*' "$job/console.log" \
  | cut -d' ' -f2) s to boot)" >&2
if [ ! -s "$job/rc" ]; then
  echo "vm/run: the VM reported no exit status (qemu $qemu_rc; 137 = the ${timeout_s} s timeout)" >&2
  cat "$job/qemu.err" >&2
  tail -30 "$job/console.log" >&2
  exit 203
fi
exit "$(cat "$job/rc")"
