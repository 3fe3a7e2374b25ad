package io.github.cgroups4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FakeCgroupFsV2Test {
    private static final String ROOT = "/sys/fs/cgroup";
    private final FakeCgroupFs fs = FakeCgroupFs.unified();

    private static void errno(Errno expected, Executable call) {
        CgroupException e = assertThrows(CgroupException.class, call);
        assertTrue(e.is(expected), () -> "expected " + expected + " but got: " + e.getMessage());
    }

    @Test
    void controllersPropagateThroughSubtreeControl() throws CgroupException {
        assertEquals("cpuset cpu io memory hugetlb pids rdma misc\n", fs.read(ROOT, "cgroup.controllers"));
        fs.mkdir(ROOT + "/a");
        assertEquals("\n", fs.read(ROOT + "/a", "cgroup.controllers"));
        assertFalse(fs.exists(ROOT + "/a", "memory.max"));
        fs.write(ROOT, "cgroup.subtree_control", "+memory +pids");
        assertEquals("memory pids\n", fs.read(ROOT + "/a", "cgroup.controllers"));
        assertEquals("max\n", fs.read(ROOT + "/a", "memory.max"));
        fs.mkdir(ROOT + "/a/b");
        errno(Errno.ENOENT, () -> fs.write(ROOT + "/a", "cgroup.subtree_control", "+cpu"));
        fs.write(ROOT + "/a", "cgroup.subtree_control", "+memory");
        assertTrue(fs.exists(ROOT + "/a/b", "memory.max"));
        assertFalse(fs.exists(ROOT + "/a/b", "pids.max"));
        errno(Errno.EBUSY, () -> fs.write(ROOT, "cgroup.subtree_control", "-memory"));
        fs.write(ROOT + "/a", "cgroup.subtree_control", "-memory");
        assertFalse(fs.exists(ROOT + "/a/b", "memory.max"));
        errno(Errno.EINVAL, () -> fs.write(ROOT, "cgroup.subtree_control", "memory"));
    }

    @Test
    void noInternalProcesses() throws CgroupException {
        fs.write(ROOT, "cgroup.subtree_control", "+cpu");
        fs.mkdir(ROOT + "/a");
        fs.mkdir(ROOT + "/a/leaf");
        long pid = fs.spawn();
        fs.write(ROOT + "/a", "cgroup.procs", Long.toString(pid));
        errno(Errno.EBUSY, () -> fs.write(ROOT + "/a", "cgroup.subtree_control", "+cpu"));
        fs.write(ROOT + "/a/leaf", "cgroup.procs", Long.toString(pid));
        fs.write(ROOT + "/a", "cgroup.subtree_control", "+cpu");
        long other = fs.spawn();
        errno(Errno.EBUSY, () -> fs.write(ROOT + "/a", "cgroup.procs", Long.toString(other)));
        fs.write(ROOT, "cgroup.procs", Long.toString(other)); // the root is exempt
    }

    @Test
    void freezeShowsInEventsAndKillEmptiesTheCgroup() throws CgroupException {
        fs.mkdir(ROOT + "/a");
        fs.mkdir(ROOT + "/a/b");
        long pid = fs.spawn();
        fs.write(ROOT + "/a/b", "cgroup.procs", Long.toString(pid));
        assertEquals("populated 1\nfrozen 0\n", fs.read(ROOT + "/a", "cgroup.events"));
        fs.write(ROOT + "/a", "cgroup.freeze", "1");
        assertEquals("populated 1\nfrozen 1\n", fs.read(ROOT + "/a/b", "cgroup.events"));
        fs.write(ROOT + "/a", "cgroup.freeze", "0");
        assertEquals("populated 1\nfrozen 0\n", fs.read(ROOT + "/a/b", "cgroup.events"));
        errno(Errno.ERANGE, () -> fs.write(ROOT + "/a", "cgroup.freeze", "2")); // as the kernel: out of range
        fs.write(ROOT + "/a", "cgroup.kill", "1");
        assertEquals("populated 0\nfrozen 0\n", fs.read(ROOT + "/a", "cgroup.events"));
        assertFalse(fs.processes().contains(pid));
        fs.rmdir(ROOT + "/a/b");
        fs.rmdir(ROOT + "/a");
    }

    @Test
    void memoryEventsCountOomKills() throws CgroupException {
        fs.write(ROOT, "cgroup.subtree_control", "+memory");
        fs.mkdir(ROOT + "/a");
        fs.write(ROOT + "/a", "cgroup.subtree_control", "+memory");
        fs.mkdir(ROOT + "/a/b");
        long pid = fs.spawn();
        fs.write(ROOT + "/a/b", "cgroup.procs", Long.toString(pid));
        fs.oomKill(ROOT + "/a/b");
        assertTrue(fs.read(ROOT + "/a/b", "memory.events").contains("oom_kill 1\n"));
        assertTrue(fs.read(ROOT + "/a", "memory.events").contains("oom_kill 1\n"), "hierarchical");
        assertTrue(fs.read(ROOT + "/a", "memory.events.local").contains("oom_kill 0\n"));
    }

    /**
     * /a (with {@code controllers} for its children) and /a/x, with two tasks in /a/x, its memory.oom.group 1 and one
     * high event counted.
     *
     * @return the two pids
     */
    private long[] groupOfTwoInAX(String controllers) throws CgroupException {
        fs.write(ROOT, "cgroup.subtree_control", controllers);
        fs.mkdir(ROOT + "/a");
        fs.write(ROOT + "/a", "cgroup.subtree_control", controllers);
        fs.mkdir(ROOT + "/a/x");
        long[] pids = {fs.spawn(), fs.spawn()};
        for (long pid : pids) {
            fs.write(ROOT + "/a/x", "cgroup.procs", Long.toString(pid));
        }
        fs.write(ROOT + "/a/x", "memory.oom.group", "1");
        fs.memoryEvent(ROOT + "/a/x", "high");
        return pids;
    }

    @Test
    void memoryEventsNeedTheMemoryControllerAndStartOverWithIt() throws CgroupException {
        long[] r = groupOfTwoInAX("+memory");
        long r1 = r[0];
        long r2 = r[1];
        fs.write(ROOT + "/a", "cgroup.subtree_control", "-memory");
        // a/x has no memory controller now: no limit there, so no event or OOM of its own (its tasks are a's)
        assertThrows(IllegalArgumentException.class, () -> fs.memoryEvent(ROOT + "/a/x", "high"));
        assertThrows(IllegalArgumentException.class, () -> fs.oomKill(ROOT + "/a/x", r1));
        assertThrows(IllegalArgumentException.class, () -> fs.oomKill(ROOT + "/a/x"));
        // its memory.oom.group went with its memory cgroup: the kernel's group walk sees memory cgroups only
        fs.oomKill(ROOT + "/a", r1);
        assertTrue(fs.processes().contains(r2), "no group: only the victim");
        assertEquals("low 0\nhigh 1\nmax 1\noom 1\noom_kill 1\noom_group_kill 0\n",
                fs.read(ROOT + "/a", "memory.events"));
        // +memory again: a new memory cgroup, whose counts and settings start over (the kernel's fresh css)
        fs.write(ROOT + "/a", "cgroup.subtree_control", "+memory");
        assertEquals("low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n",
                fs.read(ROOT + "/a/x", "memory.events"));
        assertEquals("0\n", fs.read(ROOT + "/a/x", "memory.oom.group"));
        assertEquals("low 0\nhigh 1\nmax 1\noom 1\noom_kill 1\noom_group_kill 0\n",
                fs.read(ROOT + "/a", "memory.events"), "the parent keeps what was counted");
    }

    @Test
    void ioKeepsAHiddenMemoryCgroup() throws CgroupException {
        long[] r = groupOfTwoInAX("+memory +io");
        long r1 = r[0];
        long r2 = r[1];
        fs.write(ROOT + "/a/x", "memory.max", "1M");
        // io depends on memory: -memory hides a/x's memory cgroup (no files, limits reset), it does not end it
        fs.write(ROOT + "/a", "cgroup.subtree_control", "-memory");
        assertFalse(fs.exists(ROOT + "/a/x", "memory.events"));
        fs.oomKill(ROOT + "/a", r1);
        assertFalse(fs.processes().contains(r2), "its memory.oom.group still makes a group");
        assertEquals("low 0\nhigh 0\nmax 1\noom 1\noom_kill 0\noom_group_kill 0\n",
                fs.read(ROOT + "/a", "memory.events.local"), "the kills were charged to a/x, hidden or not");
        // +memory shows the same memory cgroup again: its counts and group setting, its limits as reset
        fs.write(ROOT + "/a", "cgroup.subtree_control", "+memory");
        assertEquals("low 0\nhigh 1\nmax 0\noom 0\noom_kill 3\noom_group_kill 1\n",
                fs.read(ROOT + "/a/x", "memory.events"));
        assertEquals("1\n", fs.read(ROOT + "/a/x", "memory.oom.group"));
        assertEquals("max\n", fs.read(ROOT + "/a/x", "memory.max"));
    }

    @Test
    void limitsAndDescendants() throws CgroupException {
        fs.write(ROOT, "cgroup.subtree_control", "+cpu +memory +io +pids");
        fs.mkdir(ROOT + "/a");
        fs.write(ROOT + "/a", "memory.max", "100000");
        assertEquals("98304\n", fs.read(ROOT + "/a", "memory.max"));
        fs.write(ROOT + "/a", "memory.max", "max");
        fs.write(ROOT + "/a", "cpu.max", "50000 100000");
        assertEquals("50000 100000\n", fs.read(ROOT + "/a", "cpu.max"));
        fs.write(ROOT + "/a", "cpu.max", "max 50000");
        fs.write(ROOT + "/a", "cpu.max", "20000");
        assertEquals("20000 50000\n", fs.read(ROOT + "/a", "cpu.max"), "a quota alone keeps the period");
        errno(Errno.EINVAL, () -> fs.write(ROOT + "/a", "cpu.max", "10 100000"));
        errno(Errno.ERANGE, () -> fs.write(ROOT + "/a", "cpu.weight", "0")); // checked in the VM
        fs.write(ROOT + "/a", "io.max", "8:0 rbps=1048576");
        assertEquals("8:0 rbps=1048576 wbps=max riops=max wiops=max\n", fs.read(ROOT + "/a", "io.max"));
        fs.write(ROOT + "/a", "cgroup.max.descendants", "1");
        fs.mkdir(ROOT + "/a/one");
        errno(Errno.EAGAIN, () -> fs.mkdir(ROOT + "/a/two"));
        assertEquals("nr_descendants 1\nnr_dying_descendants 0\n", fs.read(ROOT + "/a", "cgroup.stat"));
    }
}
