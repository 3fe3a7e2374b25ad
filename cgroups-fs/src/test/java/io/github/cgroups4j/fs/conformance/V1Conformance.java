package io.github.cgroups4j.fs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.parse.CpuList;
import org.junit.jupiter.api.Test;

/**
 * One set of cgroup v1 scenarios that runs against the testkit's fake ({@link FakeV1ConformanceTest}) and against
 * this machine's real cgroupfs ({@link RealV1ConformanceIT}), asserting the same errno and the same read-back on
 * both: the fake is held to the kernel. Each scenario covers a kernel rule the managers rely on.
 *
 * <p>What this kernel (6.x) cannot show is not here: the 3.10 el7 kmem leak and 4.4's enforced kmem limits are
 * behaviours of older kernels, modelled by the fake's profiles and tested there; this suite checks the fake's
 * modern profile, which is this machine.
 */
abstract class V1Conformance extends Conformance<V1Conformance.Machine> {
    /** A machine to run the scenarios on. */
    interface Machine extends Conformance.Machine {
        /** @return the controller's mount point */
        String mount(String controller);

        /** @return a cgroup of the test's own directly below the controller's root, created (and later removed) */
        String mine(String controller) throws CgroupException;

        /** @return the pid of a process the test started (a sleep), in the root cgroups */
        long task() throws Exception;
    }

    @Test
    void mkdirAndRmdir() throws Exception {
        String me = m.mine("pids");
        assertFalse(fs.mkdir(me), "mkdir of an existing cgroup: EEXIST, reported as false");
        errno(Errno.ENOENT, () -> fs.mkdir(me + "/missing/child"));
        errno(Errno.ENOENT, () -> fs.rmdir(me + "/missing"));
        assertFalse(fs.hasChildren(me));
        assertTrue(fs.mkdir(me + "/child"));
        assertTrue(fs.hasChildren(me), "the real cgroupfs answers from the link count, the fake from its tree");
        assertFalse(fs.hasChildren(me + "/child"));
        errno(Errno.EBUSY, () -> fs.rmdir(me));
        fs.rmdir(me + "/child");
        assertFalse(fs.exists(me + "/child"));
        assertFalse(fs.hasChildren(me));
        errno(Errno.ENOENT, () -> fs.hasChildren(me + "/child"));
    }

    @Test
    void rmdirWithATaskIsBusyAndAttachErrors() throws Exception {
        String me = m.mine("pids");
        long pid = m.task();
        fs.write(me, "cgroup.procs", Long.toString(pid));
        assertEquals(Long.toString(pid), read(me, "cgroup.procs"));
        errno(Errno.EBUSY, () -> fs.rmdir(me));
        errno(Errno.ESRCH, () -> fs.write(me, "cgroup.procs", "999999999"));
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.procs", "abc"));
        fs.write(m.mount("pids"), "cgroup.procs", Long.toString(pid)); // out again
        assertEquals("", read(me, "cgroup.procs"));
    }

    @Test
    void pidsMax() throws Exception {
        String me = m.mine("pids");
        assertEquals("max", read(me, "pids.max"));
        errno(Errno.EINVAL, () -> fs.write(me, "pids.max", "-1"));
        fs.write(me, "pids.max", "0");
        assertEquals("0", read(me, "pids.max"), "0 is a limit to the kernel (runc reads 0 as not set)");
        fs.write(me, "pids.max", "max");
        assertEquals("max", read(me, "pids.max"));
    }

    @Test
    void anEmptyCpusetRefusesTasksAndChildrenStayWithinTheParent() throws Exception {
        String me = m.mine("cpuset");
        String rootCpus = read(m.mount("cpuset"), "cpuset.cpus");
        assertEquals("", read(me, "cpuset.cpus"), "a new cpuset is empty");
        assertEquals("", read(me, "cpuset.mems"));
        long pid = m.task();
        errno(Errno.ENOSPC, () -> fs.write(me, "cgroup.procs", Long.toString(pid)));
        errno(Errno.ERANGE, () -> fs.write(me, "cpuset.cpus", "9999"));
        errno(Errno.EINVAL, () -> fs.write(me, "cpuset.cpus", "x"));
        fs.write(me, "cpuset.cpus", "0");
        fs.write(me, "cpuset.mems", read(m.mount("cpuset"), "cpuset.mems"));
        fs.write(me, "cgroup.procs", Long.toString(pid));
        fs.write(m.mount("cpuset"), "cgroup.procs", Long.toString(pid));
        int last = CpuList.parse(rootCpus).toArray()[CpuList.parse(rootCpus).toArray().length - 1];
        assumeTrue(last > 0, "needs two CPUs to show a cpuset outside its parent's");
        fs.mkdir(me + "/child");
        errno(Errno.EACCES, () -> fs.write(me + "/child", "cpuset.cpus", Integer.toString(last)));
        fs.write(me + "/child", "cpuset.cpus", "0");
        errno(Errno.EBUSY, () -> fs.write(me, "cpuset.cpus", Integer.toString(last)));
        assertEquals("0", read(me, "cpuset.cpus"));
    }

    @Test
    void cpuValues() throws Exception {
        String me = m.mine("cpu");
        fs.write(me, "cpu.shares", "1");
        assertEquals("2", read(me, "cpu.shares"), "clamped to the kernel's range, not refused");
        fs.write(me, "cpu.shares", "300000");
        assertEquals("262144", read(me, "cpu.shares"));
        errno(Errno.EINVAL, () -> fs.write(me, "cpu.shares", "-5"));
        assertEquals("100000", read(me, "cpu.cfs_period_us"));
        assertEquals("-1", read(me, "cpu.cfs_quota_us"));
        errno(Errno.EINVAL, () -> fs.write(me, "cpu.cfs_period_us", "999"));
        errno(Errno.EINVAL, () -> fs.write(me, "cpu.cfs_period_us", "1000001"));
        errno(Errno.EINVAL, () -> fs.write(me, "cpu.cfs_quota_us", "999"));
        fs.write(me, "cpu.cfs_quota_us", "50000");
        assertEquals("50000", read(me, "cpu.cfs_quota_us"));
        errno(Errno.EINVAL, () -> fs.write(me, "cpu.cfs_burst_us", "60000")); // above the quota
        fs.write(me, "cpu.cfs_burst_us", "1000");
        assertEquals("1000", read(me, "cpu.cfs_burst_us"));
        fs.write(me, "cpu.cfs_quota_us", "-1");
        assertEquals("-1", read(me, "cpu.cfs_quota_us"));
        assertEquals("0", read(me, "cpu.rt_runtime_us"));
        errno(Errno.EINVAL, () -> fs.write(me, "cpu.rt_runtime_us", "2000000")); // above the period
        errno(Errno.EINVAL, () -> fs.write(me, "cpu.idle", "2"));
        fs.write(me, "cpu.idle", "1");
        assertEquals("1", read(me, "cpu.idle"));
        fs.write(me, "cpu.idle", "0");
    }

    @Test
    void memoryLimitsRoundToPagesAndKeepBelowMemsw() throws Exception {
        String me = m.mine("memory");
        fs.write(me, "memory.limit_in_bytes", "1000000");
        assertEquals("999424", read(me, "memory.limit_in_bytes"), "rounded down to 4 KiB pages");
        errno(Errno.EINVAL, () -> fs.write(me, "memory.limit_in_bytes", "abc"));
        errno(Errno.EINVAL, () -> fs.write(me, "memory.memsw.limit_in_bytes", "500000"));
        fs.write(me, "memory.limit_in_bytes", "-1");
        assertEquals("9223372036854771712", read(me, "memory.limit_in_bytes"));
        fs.write(me, "memory.limit_in_bytes", "2000000");
        fs.write(me, "memory.memsw.limit_in_bytes", "4000000");
        errno(Errno.EINVAL, () -> fs.write(me, "memory.limit_in_bytes", "8000000")); // above memory+swap
        errno(Errno.EINVAL, () -> fs.write(me, "memory.memsw.limit_in_bytes", "1000000")); // below memory
        fs.write(me, "memory.memsw.limit_in_bytes", "8003584");
        fs.write(me, "memory.limit_in_bytes", "8000000"); // swap first, then memory: the order the managers use
        assertEquals("7999488", read(me, "memory.limit_in_bytes"));
    }

    @Test
    void kmemLimitsAreAcceptedAndIgnoredOnThisKernel() throws Exception {
        String me = m.mine("memory");
        fs.write(me, "memory.kmem.limit_in_bytes", "67108864");
        assertEquals("9223372036854771712", read(me, "memory.kmem.limit_in_bytes"), "6.x: accepted, ignored");
    }

    @Test
    void readOnlyWriteOnlyAndMissingFiles() throws Exception {
        String me = m.mine("memory");
        errno(Errno.EINVAL, () -> fs.write(me, "memory.usage_in_bytes", "1"));
        errno(Errno.EINVAL, () -> fs.read(me, "memory.force_empty"));
        errno(Errno.ENOENT, () -> fs.write(me, "memory.no_such_file", "1"));
        errno(Errno.ENOENT, () -> fs.read(me, "memory.no_such_file"));
        errno(Errno.ENOENT, () -> fs.read(me + "/missing", "memory.limit_in_bytes"));
        assertFalse(fs.exists(me, "memory.no_such_file"));
        assertTrue(fs.exists(me, "memory.limit_in_bytes"));
    }

    @Test
    void freezerStates() throws Exception {
        String me = m.mine("freezer");
        assertEquals("THAWED", read(me, "freezer.state"));
        errno(Errno.EINVAL, () -> fs.write(me, "freezer.state", "FREEZING"));
        errno(Errno.EINVAL, () -> fs.write(me, "freezer.state", "bogus"));
        fs.write(me, "freezer.state", "FROZEN");
        assertEquals("FROZEN", read(me, "freezer.state"));
        assertEquals("1", read(me, "freezer.self_freezing"));
        errno(Errno.EINVAL, () -> fs.write(me, "freezer.self_freezing", "0"));
        fs.write(me, "freezer.state", "THAWED");
        assertEquals("THAWED", read(me, "freezer.state"));
        assertEquals("0", read(me, "freezer.self_freezing"));
    }

    @Test
    void devicesWhitelist() throws Exception {
        String me = m.mine("devices");
        assertEquals("a *:* rwm", read(me, "devices.list"));
        fs.write(me, "devices.deny", "a");
        assertEquals("", read(me, "devices.list"));
        fs.write(me, "devices.allow", "c 1:3 rw");
        assertEquals("c 1:3 rw", read(me, "devices.list"));
        errno(Errno.EINVAL, () -> fs.write(me, "devices.allow", "q 1:3 rw"));
        errno(Errno.EINVAL, () -> fs.write(me, "devices.allow", "c 1:3 z"));
        fs.mkdir(me + "/child");
        assertEquals("c 1:3 rw", read(me + "/child", "devices.list"), "a child starts with its parent's rules");
        errno(Errno.EPERM, () -> fs.write(me + "/child", "devices.allow", "c 1:5 r"));
        errno(Errno.EPERM, () -> fs.write(me + "/child", "devices.allow", "a"));
        errno(Errno.EINVAL, () -> fs.write(me, "devices.allow", "a"));
    }
}
