package io.github.cgroups4j.fs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import org.junit.jupiter.api.Test;

/**
 * The cgroup v2 core files (those every cgroup2 has, controllers or not), one set of scenarios run on the testkit's
 * v2 fake ({@link FakeV2CoreConformanceTest}) and on this machine's real cgroup2 mount ({@link RealV2CoreConformanceIT}),
 * asserting the same errno and read-back. The controllers' files need a cgroup2 with controllers: the VM testbed.
 */
abstract class V2CoreConformance extends Conformance<V2CoreConformance.Machine> {
    /** A machine with a cgroup2 hierarchy. */
    interface Machine extends Conformance.Machine {
        /** @return a cgroup of the test's own directly below the cgroup2 root, created (and later removed) */
        String mine() throws CgroupException;

        /** @return the cgroup2 root */
        String root();

        /** @return the pid of a process the test started */
        long task() throws Exception;

        /** @return a controller this machine's cgroup2 has (at the root) but that the test's cgroup does not get */
        String unavailableController();
    }

    @Test
    void aNewCgroupAndItsReadOnlyFiles() throws Exception {
        String me = m.mine();
        assertEquals("domain", read(me, "cgroup.type"));
        assertEquals("", read(me, "cgroup.controllers"), "the root enabled nothing for its children");
        assertEquals("", read(me, "cgroup.subtree_control"));
        assertEquals("populated 0\nfrozen 0", read(me, "cgroup.events"));
        assertEquals("0", read(me, "cgroup.freeze"));
        assertTrue(read(me, "cgroup.stat").startsWith("nr_descendants 0\n"), read(me, "cgroup.stat"));
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.events", "1"));
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.controllers", "x"));
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.stat", "1"));
        errno(Errno.ENOENT, () -> fs.read(me, "cgroup.no_such_file"));
    }

    @Test
    void mkdirRmdirAndTasks() throws Exception {
        String me = m.mine();
        assertFalse(fs.mkdir(me), "EEXIST, reported as false");
        errno(Errno.ENOENT, () -> fs.mkdir(me + "/missing/child"));
        errno(Errno.ENOENT, () -> fs.rmdir(me + "/missing"));
        long pid = m.task();
        errno(Errno.ESRCH, () -> fs.write(me, "cgroup.procs", "999999999"));
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.procs", "abc"));
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.procs", "-1"));
        fs.write(me, "cgroup.procs", Long.toString(pid));
        assertEquals(Long.toString(pid), read(me, "cgroup.procs"));
        assertEquals("populated 1\nfrozen 0", read(me, "cgroup.events"));
        errno(Errno.EBUSY, () -> fs.rmdir(me));
        fs.mkdir(me + "/child");
        fs.write(me + "/child", "cgroup.procs", Long.toString(pid));
        assertEquals("", read(me, "cgroup.procs"));
        errno(Errno.EBUSY, () -> fs.rmdir(me)); // a child
        fs.write(m.root(), "cgroup.procs", Long.toString(pid));
        fs.rmdir(me + "/child");
    }

    @Test
    void freezeAndKillValues() throws Exception {
        String me = m.mine();
        errno(Errno.ERANGE, () -> fs.write(me, "cgroup.freeze", "2"));
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.freeze", "x"));
        fs.write(me, "cgroup.freeze", "1");
        assertEquals("populated 0\nfrozen 1", read(me, "cgroup.events"), "an empty cgroup is frozen at once");
        fs.write(me, "cgroup.freeze", "0");
        assertEquals("frozen 0", read(me, "cgroup.events").lines().skip(1).findFirst().orElse(""));
        errno(Errno.ERANGE, () -> fs.write(me, "cgroup.kill", "0"));
        errno(Errno.ERANGE, () -> fs.write(me, "cgroup.kill", "2"));
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.kill", "x"));
        fs.write(me, "cgroup.kill", "1");
    }

    @Test
    void typeAndSubtreeControlAndLimits() throws Exception {
        String me = m.mine();
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.type", "bogus"));
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.type", "domain"));
        errno(Errno.ENOENT, () -> fs.write(me, "cgroup.subtree_control", "+" + m.unavailableController()));
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.subtree_control", m.unavailableController()));
        errno(Errno.EINVAL, () -> fs.write(me, "cgroup.subtree_control", "+nosuch"));
        fs.write(me, "cgroup.subtree_control", "-" + m.unavailableController());
        errno(Errno.ERANGE, () -> fs.write(me, "cgroup.max.descendants", "-1"));
        fs.write(me, "cgroup.max.descendants", "5");
        assertEquals("5", read(me, "cgroup.max.descendants"));
        fs.write(me, "cgroup.max.descendants", "max");
        assertEquals("max", read(me, "cgroup.max.descendants"));
    }
}
