package io.github.cgroups4j.fs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import org.junit.jupiter.api.Test;

/**
 * The cgroup v2 controllers' files, one set of scenarios run on the testkit's v2 fake
 * ({@link FakeV2ControllersConformanceTest}) and on a real cgroup v2 kernel with controllers, in the VM
 * ({@link RealV2ControllersConformanceVmIT}): the same errno and read-back on both.
 */
abstract class V2ControllersConformance extends Conformance<V2ControllersConformance.Machine> {
    /** A cgroup v2 machine whose root enables every controller for its children. */
    interface Machine extends Conformance.Machine {
        /** @return a cgroup of the test's own below the root, created, with every controller */
        String mine() throws CgroupException;
    }

    @Test
    void memoryLimits() throws Exception {
        String me = m.mine();
        assertEquals("max", read(me, "memory.max"));
        fs.write(me, "memory.max", "1000000");
        assertEquals("999424", read(me, "memory.max"), "rounded down to pages");
        fs.write(me, "memory.max", "max");
        assertEquals("max", read(me, "memory.max"));
        errno(Errno.EINVAL, () -> fs.write(me, "memory.max", "-1"));
        errno(Errno.EINVAL, () -> fs.write(me, "memory.max", "abc"));
        fs.write(me, "memory.max", "64M");
        assertEquals("67108864", read(me, "memory.max"));
        fs.write(me, "memory.swap.max", "0");
        assertEquals("0", read(me, "memory.swap.max"));
        fs.write(me, "memory.low", "32M");
        assertEquals("33554432", read(me, "memory.low"));
        fs.write(me, "memory.high", "max");
        assertEquals("max", read(me, "memory.high"));
    }

    @Test
    void cpuValues() throws Exception {
        String me = m.mine();
        assertEquals("max 100000", read(me, "cpu.max"));
        fs.write(me, "cpu.max", "50000");
        assertEquals("50000 100000", read(me, "cpu.max"), "a quota alone keeps the period");
        fs.write(me, "cpu.max", "max 50000");
        assertEquals("max 50000", read(me, "cpu.max"));
        errno(Errno.EINVAL, () -> fs.write(me, "cpu.max", "500"));
        errno(Errno.EINVAL, () -> fs.write(me, "cpu.max", "50000 500"));
        errno(Errno.EINVAL, () -> fs.write(me, "cpu.max", "x"));
        assertEquals("100", read(me, "cpu.weight"));
        errno(Errno.ERANGE, () -> fs.write(me, "cpu.weight", "0"));
        errno(Errno.ERANGE, () -> fs.write(me, "cpu.weight", "10001"));
        fs.write(me, "cpu.weight", "39");
        assertEquals("39", read(me, "cpu.weight"));
        errno(Errno.EINVAL, () -> fs.write(me, "cpu.idle", "2"));
        fs.write(me, "cpu.idle", "1");
        assertEquals("1", read(me, "cpu.idle"));
    }

    @Test
    void pidsAndCpusetValues() throws Exception {
        String me = m.mine();
        assertEquals("max", read(me, "pids.max"));
        errno(Errno.EINVAL, () -> fs.write(me, "pids.max", "-1"));
        fs.write(me, "pids.max", "0");
        assertEquals("0", read(me, "pids.max"));
        fs.write(me, "pids.max", "10");
        assertEquals("10", read(me, "pids.max"));
        assertEquals("", read(me, "cpuset.cpus"), "empty: the parent's, effective");
        fs.write(me, "cpuset.cpus", "0");
        assertEquals("0", read(me, "cpuset.cpus"));
        assertEquals("0", read(me, "cpuset.cpus.effective"));
    }
}
