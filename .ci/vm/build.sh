#!/usr/bin/env bash
# Prepares the VM in which the *VmIT tests run: a Debian kernel booted with pure cgroup v2 (cgroup_no_v1=all) and
# every controller, whose root file system is this machine's own "/" shared read-only (a tmpfs overlay on top), so
# java, mvn, ~/.m2 and the project are where they are here. Installs what it needs (qemu, a kernel, busybox) from
# Debian's packages. Output: $CGROUPS4J_VM_DIR (default /var/tmp/cgroups4j-vm): vmlinuz, initrd.img, kver.
# Idempotent; a second run only rebuilds the small initramfs. Needs root.
set -euo pipefail
out=${CGROUPS4J_VM_DIR:-/var/tmp/cgroups4j-vm}
fail() { echo "vm/build: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root"

missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx switch_root || missing+=(busybox-static)
command -v cpio >/dev/null || missing+=(cpio)
command -v modprobe >/dev/null || missing+=(kmod)
kernel() { ls /boot/vmlinuz-* 2>/dev/null | sed 's|.*/vmlinuz-||' | while read -r k; do
  [ -d "/lib/modules/$k" ] && echo "$k"; done | sort -V | tail -1; }
[ -n "$(kernel)" ] || missing+=(linux-image-amd64)
if [ ${#missing[@]} -gt 0 ]; then
  echo "vm/build: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
kver=${CGROUPS4J_VM_KERNEL:-$(kernel)}
[ -n "$kver" ] && [ -f "/boot/vmlinuz-$kver" ] || fail "no kernel with modules in /boot"

mkdir -p "$out"
cp "/boot/vmlinuz-$kver" "$out/vmlinuz"
echo "$kver" > "$out/kver"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,proc,sys,dev,lower,rw,newroot,modules}
cp /bin/busybox "$work/bin/"
for a in sh mount mkdir insmod switch_root cat sleep echo; do ln -s busybox "$work/bin/$a"; done
# 9p over virtio for the shared folders, overlay for a writable root, virtio_blk for a disk io.max can limit
for m in virtio_pci 9pnet_virtio 9p overlay virtio_blk; do
  modprobe -S "$kver" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r ko; do
  cp "$ko" "$work/modules/"
  basename "$ko" >> "$work/modules/order"
done
[ -s "$work/modules/order" ] || fail "could not find the virtio/9p/overlay modules of $kver"

cat > "$work/init" <<'INIT'
#!/bin/sh
# stage 1: the host's / (read-only) under a tmpfs overlay, the job folder and the project read-write, then stage 2
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /modules/order); do insmod "/modules/$m" 2>/dev/null; done
halt() { echo "CGROUPS4J-VM-FAILED: $*" > /dev/console; echo 1 > /proc/sys/kernel/sysrq; echo o > /proc/sysrq-trigger; sleep 10; }
opts=trans=virtio,version=9p2000.L,msize=512000
mount -t 9p -o "$opts,ro,cache=loose" hostroot /lower || halt "mount the host root"
mount -t tmpfs -o size=60% tmpfs /rw || halt "tmpfs"
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot || halt "overlay"
mkdir -p /newroot/vmjob
mount -t 9p -o "$opts,cache=none" vmjob /newroot/vmjob || halt "mount the job folder"
project=$(cat /newroot/vmjob/project)
mkdir -p "/newroot$project"
mount -t 9p -o "$opts,cache=mmap" project "/newroot$project" || halt "mount the project"
for d in proc sys dev; do mount --move "/$d" "/newroot/$d"; done
exec switch_root /newroot /bin/bash /vmjob/stage2.sh
INIT
chmod +x "$work/init"
(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1 > "$out/initrd.img")
echo "vm/build: kernel $kver, $(du -h "$out/initrd.img" | cut -f1) initramfs in $out" >&2
