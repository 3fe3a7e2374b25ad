package io.github.cgroups4j.fs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

        /**
         * Puts a task into {@code dir} that allocates until the OOM killer, for {@code limited}'s
         * {@code memory.max} ({@code dir} itself or an ancestor), kills it: on the kernel a process that grows, in
         * the testkit its {@code oomKill(limited, pid)}. Returns when that task is gone.
         *
         * @param dir where the task runs
         * @param limited the cgroup whose limit it hits
         */
        void oomKillAGrowingTaskIn(String dir, String limited) throws Exception;

        /**
         * Puts a task into {@code dir} that allocates nothing and waits (until killed).
         *
         * @param dir a cgroup
         */
        void idleTaskIn(String dir) throws Exception;

        /**
         * Puts a task into {@code dir} that holds 17 MiB, a little more than {@code dir}'s {@code memory.high} of
         * 16 MiB, and exits: the kernel throttles it and counts {@code high}; the testkit counts one with its
         * {@code memoryEvent(dir, "high")}. Returns when the task has exited by itself.
         *
         * @param dir a cgroup with memory.high 16M
         */
        void growPastMemoryHighIn(String dir) throws Exception;
    }

    /** memory.events as the kernel prints it: the keys in its order, with their counts. */
    private Map<String, Long> events(String dir, String file) throws CgroupException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : read(dir, file).split("\n")) {
            String[] kv = line.split(" ");
            out.put(kv[0], Long.parseLong(kv[1]));
        }
        return out;
    }

    /** Killed tasks leave on their own schedule: waits (10 s at most) for {@code populated 0}. */
    private void awaitEmpty(String dir) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!read(dir, "cgroup.events").startsWith("populated 0") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("populated 0\nfrozen 0", read(dir, "cgroup.events"));
        assertEquals("", read(dir, "cgroup.procs"));
    }

    /**
     * Runs a scenario, then removes its cgroups (leaves first) in every outcome; a failure to remove one is added to
     * the scenario's own failure, not hiding it.
     */
    private void thenRemove(Run scenario, String... dirs) throws Exception {
        Throwable failure = null;
        try {
            scenario.run();
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            for (String d : dirs) {
                try {
                    if (fs.exists(d)) {
                        fs.rmdir(d);
                    }
                } catch (CgroupException e) {
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** Enables the memory controller for {@code parent}'s children and makes one, {@code name}. */
    private String memoryChild(String parent, String name) throws CgroupException {
        fs.write(parent, "cgroup.subtree_control", "+memory");
        String dir = parent + "/" + name;
        fs.mkdir(dir);
        return dir;
    }

    private static Map<String, Long> zeros(Map<String, Long> like) {
        Map<String, Long> none = new LinkedHashMap<>(like);
        none.replaceAll((k, v) -> 0L);
        return none;
    }

    /**
     * {@code child}'s events, {@code own}, are its own (memory.events.local) and its parent's too (memory.events),
     * which had none of its own; once {@code child} is empty and removed, the parent keeps them (memcg_memory_event
     * counts up the tree when the event happens).
     */
    private void assertCountedInTheParentAndKept(String parent, String child, Map<String, Long> own) throws Exception {
        assertEquals(own, events(parent, "memory.events"), "the parent counts its subtree's events");
        assertEquals(own, events(child, "memory.events.local"), "the cgroup's own events");
        assertEquals(zeros(own), events(parent, "memory.events.local"), "the parent had none of its own");
        awaitEmpty(child);
        fs.rmdir(child);
        assertEquals(own, events(parent, "memory.events"), "counted when it happened: kept after the child is gone");
    }

    /**
     * [K]'s event model, held against the kernel: an OOM kill counts max, oom and oom_kill in the cgroup and, through
     * memcg_memory_event, in every ancestor's memory.events, where they stay when the cgroup is removed;
     * memory.events.local keeps each cgroup's own; the killed task leaves the cgroup unpopulated. Counts the kernel
     * may repeat (max at every failed charge, oom at every OOM invocation before the victim is gone) are held to at
     * least one.
     */
    @Test
    void anOomKillIsCountedInTheCgroupAndEveryAncestor() throws Exception {
        String me = m.mine();
        String child = memoryChild(me, "cgroups4j-oom");
        thenRemove(() -> {
            fs.write(child, "memory.max", "16M");
            fs.write(child, "memory.swap.max", "0");
            m.oomKillAGrowingTaskIn(child, child);
            Map<String, Long> own = events(child, "memory.events");
            assertEquals(List.of("low", "high", "max", "oom", "oom_kill", "oom_group_kill"), List.copyOf(own.keySet()));
            assertEquals(0, own.get("low"));
            assertEquals(0, own.get("high"));
            assertTrue(own.get("max") >= 1, own.toString());
            assertTrue(own.get("oom") >= 1, own.toString());
            assertEquals(1, own.get("oom_kill"), own.toString());
            assertEquals(0, own.get("oom_group_kill"), own.toString());
            assertCountedInTheParentAndKept(me, child, own);
        }, child);
    }

    /**
     * A cgroup without the memory controller (its parent's subtree_control lacks +memory) has no memory files; its
     * tasks are charged to the nearest cgroup above that has them, and an OOM kill is counted there.
     */
    @Test
    void anOomKillInACgroupWithoutMemoryIsCountedInTheNearestMemoryCgroup() throws Exception {
        String me = m.mine();
        String limited = memoryChild(me, "cgroups4j-oom-nomem");
        String plain = limited + "/plain";
        thenRemove(() -> {
            fs.mkdir(plain);
            assertTrue(!fs.exists(plain, "memory.events"), "no memory controller below " + limited);
            fs.write(limited, "memory.max", "16M");
            fs.write(limited, "memory.swap.max", "0");
            m.oomKillAGrowingTaskIn(plain, limited);
            awaitEmpty(limited);
            Map<String, Long> own = events(limited, "memory.events.local");
            assertEquals(1, own.get("oom_kill"), "the task was charged here: " + own);
            assertTrue(own.get("max") >= 1 && own.get("oom") >= 1, own.toString());
            assertEquals(own, events(limited, "memory.events"), "nothing below it counts memory events");
            assertEquals(own, events(me, "memory.events"), "the parent counts its subtree's events");
        }, plain, limited);
    }

    /**
     * {@code -memory}, then {@code +memory}, in a parent: without io the kernel ends the child's memory cgroup and
     * makes a new one (counts 0, memory.oom.group 0, limits max); with io, which depends on memory, it only hides it
     * (css_clear_dir, mem_cgroup_css_reset): the counts and the group setting come back, the limits are reset. The
     * parents keep what was counted either way.
     */
    @Test
    void memoryOffAndOnAgainStartsOverUnlessIoKeptIt() throws Exception {
        String me = m.mine();
        fs.write(me, "cgroup.subtree_control", "+memory +io");
        String plainParent = me + "/cgroups4j-again";
        String ioParent = me + "/cgroups4j-hidden";
        String plain = plainParent + "/c";
        String hidden = ioParent + "/c";
        thenRemove(() -> {
            fs.mkdir(plainParent);
            fs.mkdir(ioParent);
            fs.write(plainParent, "cgroup.subtree_control", "+memory");
            fs.write(ioParent, "cgroup.subtree_control", "+memory +io");
            Map<Boolean, Map<String, Long>> counted = new LinkedHashMap<>();
            for (String c : List.of(plain, hidden)) {
                fs.mkdir(c);
                fs.write(c, "memory.max", "16M");
                fs.write(c, "memory.swap.max", "0");
                fs.write(c, "memory.oom.group", "1");
                m.oomKillAGrowingTaskIn(c, c);
                awaitEmpty(c);
                Map<String, Long> own = events(c, "memory.events");
                assertTrue(own.get("oom_kill") >= 1, own.toString());
                counted.put(c.equals(hidden), own);
            }
            for (String parent : List.of(plainParent, ioParent)) {
                fs.write(parent, "cgroup.subtree_control", "-memory");
                assertTrue(!fs.exists(parent + "/c", "memory.events"), "hidden or gone: no memory files");
                fs.write(parent, "cgroup.subtree_control", "+memory");
            }
            assertEquals(zeros(counted.get(false)), events(plain, "memory.events"), "a new memory cgroup");
            assertEquals("0", read(plain, "memory.oom.group"));
            assertEquals(counted.get(true), events(hidden, "memory.events"), "the same memory cgroup, shown again");
            assertEquals("1", read(hidden, "memory.oom.group"));
            for (String c : List.of(plain, hidden)) {
                assertEquals("max", read(c, "memory.max"), "the limits reset either way");
            }
            assertEquals(counted.get(false), events(plainParent, "memory.events"), "counted when it happened");
            assertEquals(counted.get(true), events(ioParent, "memory.events"));
        }, plain, hidden, plainParent, ioParent);
    }

    /**
     * A task over memory.high is throttled, not killed: high is counted where the usage went over the cgroup's own
     * high (the kernel's reclaim_high), and through memcg_memory_event in every ancestor's memory.events, where it
     * stays when the cgroup is removed; nothing else is counted. The kernel counts high at every throttling round,
     * so the count is held to at least one.
     */
    @Test
    void aTaskOverMemoryHighIsCountedInTheCgroupAndEveryAncestor() throws Exception {
        String me = m.mine();
        String child = memoryChild(me, "cgroups4j-high");
        thenRemove(() -> {
            fs.write(child, "memory.high", "16M");
            fs.write(child, "memory.max", "64M"); // a bound, far above what the task holds
            fs.write(child, "memory.swap.max", "0");
            m.growPastMemoryHighIn(child);
            Map<String, Long> own = events(child, "memory.events");
            assertTrue(own.get("high") >= 1, own.toString());
            Map<String, Long> onlyHigh = zeros(own);
            onlyHigh.put("high", own.get("high"));
            assertEquals(onlyHigh, own, "throttled, not limited or killed");
            assertCountedInTheParentAndKept(me, child, own);
        }, child);
    }

    /**
     * With memory.oom.group on the cgroup whose limit is hit, the OOM killer ends every task of its subtree, in
     * whichever child each runs: oom_group_kill is counted once, at the group; max and oom at the limited cgroup;
     * oom_kill where each killed task is, the victim twice (the kernel's oom_kill_memcg_member does not skip it).
     * (In theory the victim's second count can be lost, if it has already released its memory when the group is
     * walked; no run here has seen that.)
     */
    @Test
    void anOomGroupKillEndsEveryTaskOfTheGroup() throws Exception {
        String me = m.mine();
        String group = memoryChild(me, "cgroups4j-oom-group");
        String grower = group + "/a";
        String idle = group + "/b";
        thenRemove(() -> {
            memoryChild(group, "a");
            memoryChild(group, "b");
            fs.write(group, "memory.max", "16M");
            fs.write(group, "memory.swap.max", "0");
            fs.write(group, "memory.oom.group", "1");
            m.idleTaskIn(idle);
            m.oomKillAGrowingTaskIn(grower, group);
            awaitEmpty(group);
            Map<String, Long> all = events(group, "memory.events");
            assertEquals(3, all.get("oom_kill"), all.toString());
            assertEquals(1, all.get("oom_group_kill"), all.toString());
            assertTrue(all.get("oom") >= 1 && all.get("max") >= 1, all.toString());
            assertEquals(all, events(me, "memory.events"));
            Map<String, Long> own = events(group, "memory.events.local");
            assertEquals(0, own.get("oom_kill"), "its tasks ran in its children: " + own);
            assertEquals(1, own.get("oom_group_kill"), own.toString());
            assertEquals(all.get("max"), own.get("max"), "the limit hit was its own");
            assertEquals(2, events(grower, "memory.events.local").get("oom_kill"), "the victim, twice");
            assertEquals(1, events(idle, "memory.events.local").get("oom_kill"));
            assertEquals(0, events(grower, "memory.events").get("max"), "the charge failed above it");
        }, grower, idle, group);
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
