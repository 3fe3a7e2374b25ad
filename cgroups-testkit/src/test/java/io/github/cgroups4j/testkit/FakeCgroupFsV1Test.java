package io.github.cgroups4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FakeCgroupFsV1Test {
    private static final String MEM = "/sys/fs/cgroup/memory";
    private final FakeCgroupFs fs = FakeCgroupFs.modernHybrid();

    private static void errno(Errno expected, Executable call) {
        CgroupException e = assertThrows(CgroupException.class, call);
        assertTrue(e.is(expected), () -> "expected " + expected + " but got: " + e.getMessage());
    }

    @Test
    void mkdirCreatesInterfaceFilesWithKernelDefaults() throws CgroupException {
        assertTrue(fs.mkdir(MEM + "/a"));
        assertFalse(fs.mkdir(MEM + "/a"), "existing");
        assertEquals("9223372036854771712\n", fs.read(MEM + "/a", "memory.limit_in_bytes"));
        assertEquals("60\n", fs.read(MEM + "/a", "memory.swappiness"));
        assertEquals("1\n", fs.read(MEM + "/a", "memory.use_hierarchy"));
        fs.mkdir("/sys/fs/cgroup/cpu/a");
        assertEquals("1024\n", fs.read("/sys/fs/cgroup/cpu/a", "cpu.shares"));
        assertEquals("-1\n", fs.read("/sys/fs/cgroup/cpu/a", "cpu.cfs_quota_us"));
        assertEquals("100000\n", fs.read("/sys/fs/cgroup/cpu/a", "cpu.cfs_period_us"));
        fs.mkdir("/sys/fs/cgroup/pids/a");
        assertEquals("max\n", fs.read("/sys/fs/cgroup/pids/a", "pids.max"));
        fs.mkdir("/sys/fs/cgroup/cpuset/a");
        assertEquals("\n", fs.read("/sys/fs/cgroup/cpuset/a", "cpuset.cpus"));
        assertEquals("0-1\n", fs.read("/sys/fs/cgroup/cpuset", "cpuset.cpus"));
        assertTrue(fs.exists("/sys/fs/cgroup/blkio/x") == false);
        fs.mkdir("/sys/fs/cgroup/blkio/a");
        assertTrue(fs.exists("/sys/fs/cgroup/blkio/a", "blkio.bfq.weight"), "modern kernels have BFQ only");
        assertFalse(fs.exists("/sys/fs/cgroup/blkio/a", "blkio.weight"));
        assertEquals(List.of("a"), fs.list(MEM));
        errno(Errno.ENOENT, () -> fs.mkdir(MEM + "/missing/child"));
    }

    @Test
    void writesAreParsedAndValidatedLikeTheKernel() throws CgroupException {
        String cpu = "/sys/fs/cgroup/cpu/a";
        fs.mkdir(cpu);
        errno(Errno.EINVAL, () -> fs.write(cpu, "cpu.cfs_quota_us", "500"));
        errno(Errno.EINVAL, () -> fs.write(cpu, "cpu.cfs_period_us", "999"));
        errno(Errno.EINVAL, () -> fs.write(cpu, "cpu.shares", "lots"));
        fs.write(cpu, "cpu.shares", "1");
        assertEquals("2\n", fs.read(cpu, "cpu.shares"), "the kernel clamps shares");
        fs.write(cpu, "cpu.cfs_quota_us", "50000");
        fs.write(cpu, "cpu.cfs_quota_us", "-1");
        assertEquals("-1\n", fs.read(cpu, "cpu.cfs_quota_us"));
        String mem = MEM + "/a";
        fs.mkdir(mem);
        fs.write(mem, "memory.limit_in_bytes", "100000");
        assertEquals("98304\n", fs.read(mem, "memory.limit_in_bytes"), "rounded down to a page");
        fs.write(mem, "memory.limit_in_bytes", "64M");
        assertEquals(Long.toString(64L << 20) + "\n", fs.read(mem, "memory.limit_in_bytes"));
        fs.write(mem, "memory.limit_in_bytes", "-1");
        assertEquals("9223372036854771712\n", fs.read(mem, "memory.limit_in_bytes"));
        errno(Errno.EINVAL, () -> fs.write(mem, "memory.limit_in_bytes", "-2"));
        errno(Errno.EINVAL, () -> fs.write(mem, "memory.swappiness", "101"));
        String pids = "/sys/fs/cgroup/pids/a";
        fs.mkdir(pids);
        fs.write(pids, "pids.max", "10");
        fs.write(pids, "pids.max", "max");
        errno(Errno.EINVAL, () -> fs.write(pids, "pids.max", "-3"));
        errno(Errno.EINVAL, () -> fs.write(pids, "pids.current", "1"));
        errno(Errno.EINVAL, () -> fs.read("/sys/fs/cgroup/devices", "devices.allow"));
    }

    @Test
    void aMissingFileIsEnoentAndNeverCreated() throws CgroupException {
        fs.mkdir(MEM + "/a");
        errno(Errno.ENOENT, () -> fs.write(MEM + "/a", "memory.typo", "1"));
        assertFalse(fs.exists(MEM + "/a", "memory.typo"));
        errno(Errno.ENOENT, () -> fs.read(MEM + "/a", "memory.typo"));
        errno(Errno.ENOENT, () -> fs.write(MEM + "/absent", "memory.limit_in_bytes", "1"));
        errno(Errno.ENOENT, () -> fs.write(MEM + "/a", "../x", "1"));
    }

    @Test
    void processesMoveAndLiveInExactlyOneCgroupPerHierarchy() throws CgroupException {
        long pid = fs.spawn();
        assertEquals(MEM, fs.cgroupOf(pid, "memory"));
        fs.mkdir(MEM + "/a");
        fs.mkdir(MEM + "/b");
        fs.write(MEM + "/a", "cgroup.procs", Long.toString(pid));
        assertEquals(pid + "\n", fs.read(MEM + "/a", "cgroup.procs"));
        fs.write(MEM + "/b", "tasks", Long.toString(pid));
        assertEquals("", fs.read(MEM + "/a", "cgroup.procs"));
        assertEquals(pid + "\n", fs.read(MEM + "/b", "tasks"));
        assertFalse(fs.read(MEM, "cgroup.procs").contains(pid + "\n"));
        assertEquals("/sys/fs/cgroup/cpu", fs.cgroupOf(pid, "cpu"), "other hierarchies untouched");
        assertTrue(fs.procFs().cgroup(pid).contains(":memory:/b\n"));
        errno(Errno.ESRCH, () -> fs.write(MEM + "/a", "cgroup.procs", "99999"));
        errno(Errno.EINVAL, () -> fs.write(MEM + "/a", "cgroup.procs", "abc"));
        fs.exit(pid);
        assertEquals("", fs.read(MEM + "/b", "cgroup.procs"));
    }

    @Test
    void rmdirIsBusyWithTasksOrChildren() throws CgroupException {
        fs.mkdir(MEM + "/a");
        fs.mkdir(MEM + "/a/b");
        errno(Errno.EBUSY, () -> fs.rmdir(MEM + "/a"));
        fs.rmdir(MEM + "/a/b");
        long pid = fs.spawn();
        fs.write(MEM + "/a", "cgroup.procs", Long.toString(pid));
        errno(Errno.EBUSY, () -> fs.rmdir(MEM + "/a"));
        fs.exit(pid);
        fs.rmdir(MEM + "/a");
        errno(Errno.ENOENT, () -> fs.rmdir(MEM + "/a"));
        errno(Errno.EBUSY, () -> fs.rmdir(MEM));
    }

    @Test
    void anEmptyCpusetRefusesTasksWithEnospc() throws CgroupException {
        String cs = "/sys/fs/cgroup/cpuset/a";
        fs.mkdir(cs);
        long pid = fs.spawn();
        errno(Errno.ENOSPC, () -> fs.write(cs, "cgroup.procs", Long.toString(pid)));
        fs.write(cs, "cpuset.cpus", "0-1");
        errno(Errno.ENOSPC, () -> fs.write(cs, "cgroup.procs", Long.toString(pid)));
        fs.write(cs, "cpuset.mems", "0");
        fs.write(cs, "cgroup.procs", Long.toString(pid));
        errno(Errno.ERANGE, () -> fs.write(cs, "cpuset.cpus", "0-7")); // beyond the machine's CPUs
        errno(Errno.EINVAL, () -> fs.write(cs, "cpuset.cpus", "3-1"));
        errno(Errno.ENOSPC, () -> fs.write(cs, "cpuset.cpus", ""));
        assertTrue(fs.procFs().status(pid).contains("Cpus_allowed_list:\t0-1\n"));
    }

    @Test
    void cloneChildrenCopiesTheParentsCpuset() throws CgroupException {
        String cs = "/sys/fs/cgroup/cpuset/a";
        fs.mkdir(cs);
        fs.write(cs, "cpuset.cpus", "1");
        fs.write(cs, "cpuset.mems", "0");
        fs.write(cs, "cgroup.clone_children", "1");
        fs.mkdir(cs + "/b");
        assertEquals("1\n", fs.read(cs + "/b", "cpuset.cpus"));
        errno(Errno.EBUSY, () -> fs.write(cs, "cpuset.cpus", "0"));
    }

    @Test
    void memoryAboveMemswIsEinvalSoOrderMatters() throws CgroupException {
        String m = MEM + "/a";
        fs.mkdir(m);
        fs.write(m, "memory.limit_in_bytes", "32M");
        fs.write(m, "memory.memsw.limit_in_bytes", "64M");
        errno(Errno.EINVAL, () -> fs.write(m, "memory.limit_in_bytes", "128M"));
        errno(Errno.EINVAL, () -> fs.write(m, "memory.memsw.limit_in_bytes", "16M"));
        // growing: memsw first; shrinking: memory first
        fs.write(m, "memory.memsw.limit_in_bytes", "256M");
        fs.write(m, "memory.limit_in_bytes", "128M");
        fs.write(m, "memory.limit_in_bytes", "8M");
        fs.write(m, "memory.memsw.limit_in_bytes", "16M");
        fs.setStatistic(m, "memory.usage_in_bytes", "10485760");
        errno(Errno.EBUSY, () -> fs.write(m, "memory.limit_in_bytes", "4M"));
    }

    @Test
    void devicesAllowAndDenyRules() throws CgroupException {
        String d = "/sys/fs/cgroup/devices/a";
        fs.mkdir(d);
        assertEquals("a *:* rwm\n", fs.read(d, "devices.list"));
        fs.write(d, "devices.deny", "a");
        assertEquals("", fs.read(d, "devices.list"));
        fs.write(d, "devices.allow", "c 1:3 rw");
        fs.write(d, "devices.allow", "c 1:3 m");
        fs.write(d, "devices.allow", "c 1:5 rwm");
        assertEquals("c 1:3 rwm\nc 1:5 rwm\n", fs.read(d, "devices.list"));
        fs.write(d, "devices.deny", "c 1:5 w");
        assertEquals("c 1:3 rwm\nc 1:5 rm\n", fs.read(d, "devices.list"));
        fs.mkdir(d + "/child");
        assertEquals("c 1:3 rwm\nc 1:5 rm\n", fs.read(d + "/child", "devices.list"), "inherited");
        errno(Errno.EPERM, () -> fs.write(d + "/child", "devices.allow", "c 1:9 r"));
        errno(Errno.EPERM, () -> fs.write(d + "/child", "devices.allow", "a"));
        errno(Errno.EINVAL, () -> fs.write(d, "devices.allow", "a")); // "a" with children
        errno(Errno.EINVAL, () -> fs.write(d + "/child", "devices.allow", "x 1:3 r"));
        errno(Errno.EINVAL, () -> fs.write(d + "/child", "devices.allow", "c 1:3 rx"));
    }

    @Test
    void freezerV1() throws CgroupException {
        String f = "/sys/fs/cgroup/freezer/a";
        fs.mkdir(f);
        fs.mkdir(f + "/b");
        assertFalse(fs.exists("/sys/fs/cgroup/freezer", "freezer.state"), "the root has no state");
        fs.write(f, "freezer.state", "FROZEN");
        assertEquals("FROZEN\n", fs.read(f + "/b", "freezer.state"));
        assertEquals("1\n", fs.read(f + "/b", "freezer.parent_freezing"));
        fs.write(f, "freezer.state", "THAWED");
        assertEquals("THAWED\n", fs.read(f + "/b", "freezer.state"));
        errno(Errno.EINVAL, () -> fs.write(f, "freezer.state", "FREEZING"));
    }

    @Test
    void pidsLimitStopsForks() throws CgroupException {
        String p = "/sys/fs/cgroup/pids/a";
        fs.mkdir(p);
        long pid = fs.spawn();
        fs.write(p, "cgroup.procs", Long.toString(pid));
        fs.write(p, "pids.max", "2");
        long child = fs.fork(pid).orElseThrow();
        assertEquals(p, fs.cgroupOf(child, "pids"));
        assertTrue(fs.fork(pid).isEmpty());
        assertEquals("2\n", fs.read(p, "pids.current"));
        assertEquals("max 1\n", fs.read(p, "pids.events"));
    }

    @Test
    void oomKillIsCounted() throws CgroupException {
        String m = MEM + "/a";
        fs.mkdir(m);
        long pid = fs.spawn();
        fs.write(m, "cgroup.procs", Long.toString(pid));
        assertEquals(pid, fs.oomKill(m));
        assertTrue(fs.read(m, "memory.oom_control").contains("oom_kill 1\n"));
        assertFalse(fs.processes().contains(pid));
        String pids = "/sys/fs/cgroup/pids/a";
        fs.mkdir(pids);
        fs.write(pids, "cgroup.procs", Long.toString(fs.spawn()));
        assertThrows(IllegalArgumentException.class, () -> fs.oomKill(pids), "no memory limit outside memory");
    }

    @Test
    void statisticsCanBeSetAsTheKernelWould() throws CgroupException {
        fs.mkdir("/sys/fs/cgroup/cpuacct/a");
        fs.setStatistic("/sys/fs/cgroup/cpuacct/a", "cpuacct.usage", "123456\n");
        assertEquals("123456\n", fs.read("/sys/fs/cgroup/cpuacct/a", "cpuacct.usage"));
        assertThrows(IllegalArgumentException.class, () -> fs.setStatistic("/sys/fs/cgroup/cpuacct/a", "nope", "1"));
    }
}
