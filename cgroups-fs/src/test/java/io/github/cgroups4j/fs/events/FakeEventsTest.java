package io.github.cgroups4j.fs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.events.EventKind;
import io.github.cgroups4j.events.EventRequest;
import io.github.cgroups4j.events.EventSubscription;
import io.github.cgroups4j.events.MemoryEvent;
import io.github.cgroups4j.events.PsiTrigger;
import io.github.cgroups4j.fs.CgroupfsManagers;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * [K] on the testkit: a runtime's OOM handling, unit-tested. The fake fires the events its model makes happen (an OOM
 * kill, a usage crossing a threshold, pressure, a PSI stall, a removed cgroup) through the managers' events().
 */
class FakeEventsTest {
    private static final long MIB = 1L << 20;

    @Test
    void v1OomThresholdPressureAndTheEnd() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        CgroupManager m = CgroupfsManagers.create(CgroupConfig.forPath("/job").resources(Resources.builder()
                .memory(64 * MIB).build()).build(), fs, fs.procFs());
        m.apply(CgroupManager.NO_PID);
        long pid = fs.spawn();
        m.apply(pid);
        List<MemoryEvent> got = new ArrayList<>();
        EventSubscription sub = m.events(EventRequest.oom().withThreshold(32 * MIB).withPressureLevel("medium"),
                Runnable::run, got::add);
        String mem = m.paths().get("memory");
        fs.setStatistic(mem, "memory.usage_in_bytes", Long.toString(40 * MIB));
        fs.setStatistic(mem, "memory.usage_in_bytes", Long.toString(50 * MIB)); // no crossing
        fs.memoryPressure(mem, "low"); // below the level asked for
        fs.memoryPressure(mem, "critical");
        fs.oomKill(mem);
        fs.setStatistic(mem, "memory.usage_in_bytes", Long.toString(MIB)); // down again
        assertEquals(List.of(EventKind.THRESHOLD, EventKind.PRESSURE_LEVEL, EventKind.OOM, EventKind.OOM_KILL,
                EventKind.THRESHOLD), got.stream().map(MemoryEvent::kind).toList());
        assertEquals(40 * MIB, got.get(0).counters().get("usage"));
        assertEquals(1L, got.get(3).counters().get("oom_kill"));
        assertEquals(mem, got.get(3).cgroup());
        m.destroy();
        assertEquals(EventKind.ENDED, got.get(got.size() - 1).kind());
        assertTrue(sub.awaitEnd(Duration.ZERO));
        assertFalse(sub.isOpen());
    }

    @Test
    void v2CountersAreTheSubtreesAndAParentsWatcherHearsAChildsOom() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        fs.write("/sys/fs/cgroup", "cgroup.subtree_control", "+memory");
        CgroupManager parent = CgroupfsManagers.create(CgroupConfig.forPath("/pod").build(), fs, fs.procFs());
        parent.apply(CgroupManager.NO_PID);
        fs.write("/sys/fs/cgroup/pod", "cgroup.subtree_control", "+memory");
        CgroupManager child = CgroupfsManagers.create(CgroupConfig.forPath("/pod/c1").build(), fs, fs.procFs());
        child.apply(fs.spawn());
        long survivor = fs.spawn();
        child.apply(survivor);
        List<MemoryEvent> heard = new ArrayList<>();
        EventSubscription sub = parent.events(EventRequest.oom(), Runnable::run, heard::add);
        fs.oomKill("/sys/fs/cgroup/pod/c1");
        // memcg_memory_event counts up the tree and notifies each ancestor's memory.events
        assertEquals(List.of(EventKind.MAX, EventKind.OOM_V2, EventKind.OOM_KILL),
                heard.stream().map(MemoryEvent::kind).toList());
        assertEquals(1L, heard.get(2).counters().get("oom_kill"));
        assertTrue(fs.read("/sys/fs/cgroup/pod", "memory.events").contains("max 1\noom 1\noom_kill 1\n"));
        assertTrue(fs.read("/sys/fs/cgroup/pod", "memory.events.local").contains("max 0\noom 0\noom_kill 0\n"),
                "the parent's own events are none");
        assertTrue(sub.isOpen(), "a task is left in the subtree");
        // the last task moved out (not exited): populated 0, the watch ends as on the kernel
        fs.write("/sys/fs/cgroup", "cgroup.procs", Long.toString(survivor));
        assertEquals(EventKind.ENDED, heard.get(heard.size() - 1).kind());
        assertFalse(sub.isOpen());
        sub.close();
    }

    @Test
    void v2OomHighAndPsiThroughAnExecutor() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        fs.write("/sys/fs/cgroup", "cgroup.subtree_control", "+memory");
        CgroupManager m = CgroupfsManagers.create(CgroupConfig.forPath("/job").resources(Resources.builder()
                .memory(64 * MIB).build()).build(), fs, fs.procFs());
        m.apply(CgroupManager.NO_PID);
        m.set(m.config().resources());
        long pid = fs.spawn();
        m.apply(pid);
        List<MemoryEvent> got = new ArrayList<>();
        List<Runnable> queued = new ArrayList<>();
        EventSubscription sub = m.events(EventRequest.oom().withPsi(new PsiTrigger("memory", false,
                Duration.ofMillis(150), Duration.ofSeconds(1))), queued::add, got::add);
        String dir = m.paths().get("");
        fs.memoryEvent(dir, "high");
        fs.stall(dir, "memory");
        fs.stall(dir, "io"); // no trigger on io
        fs.oomKill(dir);
        assertTrue(got.isEmpty(), "nothing runs until the executor runs it");
        queued.forEach(Runnable::run);
        // as the kernel (MemoryEventsVmIT): max (the charge failed at memory.max), then oom and oom_kill; the only
        // task was the victim: populated 0 ends the stream
        assertEquals(List.of(EventKind.HIGH, EventKind.PSI, EventKind.MAX, EventKind.OOM_V2, EventKind.OOM_KILL,
                EventKind.ENDED), got.stream().map(MemoryEvent::kind).toList());
        assertEquals(1L, got.get(0).counters().get("high"));
        assertEquals("memory some 150000 1000000", got.get(1).detail());
        assertEquals(1L, got.get(2).counters().get("max"));
        assertEquals(1L, got.get(4).counters().get("oom_kill"));
        assertFalse(sub.isOpen());
        assertEquals(0, fs.watches(dir));
        sub.close();
    }

    /**
     * A group kill as the VM's conformance suite shows the kernel counting it: the limited cgroup's watchers hear max,
     * oom and the kills; a child's hear only the kills of its own tasks (oom was counted above it); every task of the
     * group goes, and with them the streams.
     */
    @Test
    void v2GroupKillIsHeardWhereEachCountWent() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        fs.write("/sys/fs/cgroup", "cgroup.subtree_control", "+memory");
        String group = "/sys/fs/cgroup/pod";
        fs.mkdir(group);
        fs.write(group, "cgroup.subtree_control", "+memory");
        fs.mkdir(group + "/a");
        fs.mkdir(group + "/b");
        fs.write(group, "memory.oom.group", "1");
        long grower = fs.spawn();
        long idle = fs.spawn();
        fs.write(group + "/a", "cgroup.procs", Long.toString(grower));
        fs.write(group + "/b", "cgroup.procs", Long.toString(idle));
        List<MemoryEvent> atGroup = new ArrayList<>();
        List<MemoryEvent> atA = new ArrayList<>();
        List<MemoryEvent> atB = new ArrayList<>();
        fs.watch(group, true, EventRequest.oom(), atGroup::add);
        fs.watch(group + "/a", true, EventRequest.oom(), atA::add);
        fs.watch(group + "/b", true, EventRequest.oom(), atB::add);
        assertEquals(grower, fs.oomKill(group, grower));
        assertEquals(List.of(EventKind.MAX, EventKind.OOM_V2, EventKind.OOM_KILL, EventKind.ENDED),
                atGroup.stream().map(MemoryEvent::kind).toList());
        assertEquals(3L, atGroup.get(2).counters().get("oom_kill"));
        assertEquals(1L, atGroup.get(2).counters().get("oom_group_kill"));
        assertEquals(List.of(EventKind.OOM_KILL, EventKind.ENDED), atA.stream().map(MemoryEvent::kind).toList());
        assertEquals(2L, atA.get(0).counters().get("oom_kill"), "the victim, twice");
        assertEquals(List.of(EventKind.OOM_KILL, EventKind.ENDED), atB.stream().map(MemoryEvent::kind).toList());
        assertTrue(fs.processes().stream().noneMatch(p -> p == grower || p == idle));
        assertEquals("low 0\nhigh 0\nmax 1\noom 1\noom_kill 0\noom_group_kill 1\n",
                fs.read(group, "memory.events.local"), "its own: the limit hit, the group kill; no task of its own");
        IllegalArgumentException notThere = assertThrows(IllegalArgumentException.class,
                () -> fs.oomKill(group + "/a", fs.spawn()));
        assertTrue(notThere.getMessage().contains("not in"), notThere.getMessage());
    }

    @Test
    void whatCannotBeWatched() throws Exception {
        FakeCgroupFs v2 = FakeCgroupFs.unified();
        CgroupManager m = CgroupfsManagers.create(CgroupConfig.forPath("/job").build(), v2, v2.procFs());
        m.apply(CgroupManager.NO_PID);
        CgroupException e = assertThrows(CgroupException.class, () -> m.events(EventRequest.oom()
                .withThreshold(MIB), Runnable::run, x -> { }));
        assertTrue(e.getMessage().contains("cgroup v1 notifications"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EventRequest.oom().withPressureLevel("severe"));
        assertThrows(IllegalArgumentException.class, () -> EventRequest.oom().withThreshold(0));
    }
}
