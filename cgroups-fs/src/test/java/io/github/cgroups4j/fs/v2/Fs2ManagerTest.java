package io.github.cgroups4j.fs.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.HugepageLimit;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.ThrottleDevice;
import io.github.cgroups4j.fs.CgroupfsManagers;
import io.github.cgroups4j.fs.v1.FsManager;
import io.github.cgroups4j.stats.Stats;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import io.github.cgroups4j.testkit.Fault;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cgroup v2 manager on the testkit's unified fake. */
class Fs2ManagerTest {
    private static final String CG = "/sys/fs/cgroup";

    private static Fs2Manager manager(FakeCgroupFs fs, CgroupConfig.Builder c) throws CgroupException {
        return Fs2Manager.create(c.build(), fs, fs.procFs());
    }

    private static String read(FakeCgroupFs fs, String dir, String file) throws CgroupException {
        return fs.read(dir, file).strip();
    }

    @Test
    void pathsAbsoluteAndRelativeToTheParentOfTheCallersCgroup() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(io.github.cgroups4j.testkit.KernelProfile.v2())
                .layout(FakeCgroupFs.Layout.UNIFIED).selfCgroup("/user.slice/session-2.scope").build();
        assertEquals(Map.of("", CG + "/batch/job1"), manager(fs, CgroupConfig.forPath("/batch/job1")).paths());
        assertEquals(CG + "/user.slice/job1", manager(fs, CgroupConfig.forPath("job1")).path(Controller.MEMORY),
                "the caller's own cgroup has processes: a sibling of it, as runc");
        assertThrows(CgroupException.class, () -> manager(fs, CgroupConfig.forPath("/")));
    }

    @Test
    void applyEnablesControllersOnTheWayDownAndJoins() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        long pid = fs.spawn();
        Fs2Manager bare = manager(fs, CgroupConfig.forPath("/plain"));
        bare.apply(CgroupManager.NO_PID);
        assertEquals("", read(fs, CG, "cgroup.subtree_control"), "no limits, no controllers enabled anywhere");
        Fs2Manager m = manager(fs, CgroupConfig.forPath("/kubepods/pod1").resources(Resources.builder()
                .memory(64L << 20).cpuQuota(50_000).build()));
        m.apply(pid);
        assertEquals(CG + "/kubepods/pod1", fs.cgroupOf(pid, ""));
        assertEquals("cpu memory", read(fs, CG, "cgroup.subtree_control"), "only what the resources use");
        assertEquals("cpu memory", read(fs, CG + "/kubepods", "cgroup.subtree_control"));
        assertTrue(fs.exists(CG + "/kubepods/pod1", "memory.max"), "the controllers reach the leaf");
        m.set(Resources.builder().pidsLimit(5).build());
        assertEquals("5", read(fs, CG + "/kubepods/pod1", "pids.max"), "a later set enables what it needs");
        assertEquals(List.of(pid), m.pids());
        fs.clearOperations();
        manager(fs, CgroupConfig.forPath("/kubepods/pod2").resources(Resources.builder().memory(1L << 30).build()))
                .apply(CgroupManager.NO_PID);
        assertTrue(fs.operations().stream().noneMatch(o -> "cgroup.subtree_control".equals(o.file())
                && o.kind() == FakeOp.Kind.WRITE), "controllers already enabled are not written again");
    }

    @Test
    void setWritesEveryV2File() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        Fs2Manager m = manager(fs, CgroupConfig.forPath("/ctr"));
        m.apply(CgroupManager.NO_PID);
        m.set(Resources.builder().memory(64L << 20).memorySwap(128L << 20).memoryReservation(32L << 20)
                .cpuShares(1024).cpuQuota(50_000).cpuPeriod(100_000).cpuIdle(0).pidsLimit(10).cpusetCpus("0")
                .cpusetMems("0").blkioWeight(500).blkioThrottleReadBpsDevice(new ThrottleDevice(8, 0, 1048576))
                .hugetlbLimit(new HugepageLimit("2MB", 4L << 20)).unified("memory.high", "96M").build());
        String d = CG + "/ctr";
        assertEquals(Long.toString(64L << 20), read(fs, d, "memory.max"));
        assertEquals(Long.toString(64L << 20), read(fs, d, "memory.swap.max"), "memory+swap minus memory");
        assertEquals(Long.toString(32L << 20), read(fs, d, "memory.low"));
        assertEquals("100", read(fs, d, "cpu.weight"), "1024 shares: the default weight");
        assertEquals("50000 100000", read(fs, d, "cpu.max"));
        assertEquals("10", read(fs, d, "pids.max"));
        assertEquals("0", read(fs, d, "cpuset.cpus"));
        assertTrue(read(fs, d, "io.max").contains("8:0 rbps=1048576"), read(fs, d, "io.max"));
        assertEquals(Long.toString(4L << 20), read(fs, d, "hugetlb.2MB.max"));
        assertEquals(Long.toString(4L << 20), read(fs, d, "hugetlb.2MB.rsvd.max"));
        assertEquals(Long.toString(96L << 20), read(fs, d, "memory.high"));
    }

    @Test
    void aQuotaAloneKeepsThePeriodAndAPeriodAloneKeepsTheQuota() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        Fs2Manager m = manager(fs, CgroupConfig.forPath("/ctr"));
        m.apply(CgroupManager.NO_PID);
        m.set(Resources.builder().cpuQuota(20_000).cpuPeriod(50_000).build());
        m.set(Resources.builder().cpuQuota(30_000).build());
        assertEquals("30000 50000", read(fs, CG + "/ctr", "cpu.max"));
        m.set(Resources.builder().cpuPeriod(60_000).build());
        assertEquals("30000 60000", read(fs, CG + "/ctr", "cpu.max"), "not set is left alone");
        m.set(Resources.builder().cpuQuota(Limit.unlimited()).build());
        assertEquals("max 60000", read(fs, CG + "/ctr", "cpu.max"));
    }

    @Test
    void kmemIsRefusedOnV2AndStrictMakesItAnError() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        Resources kmem = Resources.builder().kernelMemory(64L << 20).build();
        Fs2Manager m = manager(fs, CgroupConfig.forPath("/k"));
        m.apply(CgroupManager.NO_PID);
        m.set(kmem); // a warning: v2 always accounts kernel memory
        Fs2Manager strict = manager(fs, CgroupConfig.forPath("/k").kmemStrict(true));
        CgroupException e = assertThrows(CgroupException.class, () -> strict.set(kmem));
        assertTrue(e.getMessage().contains("cgroup v2 has no kernel-memory limit"), e.getMessage());
    }

    @Test
    void aControllerTheCgroupDoesNotHaveIsNamed() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        Fs2Manager m = manager(fs, CgroupConfig.forPath("/u"));
        m.apply(CgroupManager.NO_PID);
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.set(Resources.builder().unified("frob.max", "1").build()));
        assertTrue(e.getMessage().contains("controller frob is not available"), e.getMessage());
        IllegalArgumentException nl = assertThrows(IllegalArgumentException.class,
                () -> Resources.builder().unified("memory.high", "100\nmax").build());
        assertTrue(nl.getMessage().contains("newline"), nl.getMessage());
    }

    @Test
    void freezeWaitsForFrozenAndThaws() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        Fs2Manager m = manager(fs, CgroupConfig.forPath("/f"));
        m.apply(fs.spawn());
        m.freeze(FreezerState.FROZEN);
        assertEquals(FreezerState.FROZEN, m.freezerState());
        assertTrue(read(fs, CG + "/f", "cgroup.events").contains("frozen 1"));
        m.freeze(FreezerState.THAWED);
        assertEquals(FreezerState.THAWED, m.freezerState());
        m.freeze(FreezerState.UNDEFINED); // a no-op
    }

    @Test
    void destroyRefusesWithTasksAndDestroyKillUsesCgroupKill() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        Fs2Manager m = manager(fs, CgroupConfig.forPath("/d"));
        long pid = fs.spawn();
        m.apply(pid);
        fs.mkdir(CG + "/d/sub");
        long child = fs.fork(pid).orElseThrow();
        fs.write(CG + "/d/sub", "cgroup.procs", Long.toString(child));
        CgroupException e = assertThrows(CgroupException.class, m::destroy);
        assertTrue(e.is(Errno.EBUSY) && e.getMessage().contains("nothing was removed: pids " + pid + ", " + child),
                e.getMessage());
        assertTrue(m.exists());
        fs.clearOperations();
        m.destroy(true);
        assertTrue(fs.operations().stream().anyMatch(o -> "cgroup.kill".equals(o.file())));
        assertFalse(fs.processes().contains(pid) || fs.processes().contains(child));
        assertFalse(m.exists());
    }

    @Test
    void aFailedApplyMovesBackAndRemovesOnlyWhatItCreated() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        fs.mkdir(CG + "/existing");
        long pid = fs.spawn();
        fs.inject(Fault.on(FakeOp.Kind.WRITE, CG + "/existing/new/job/cgroup.procs").errno(Errno.EACCES));
        Fs2Manager m = manager(fs, CgroupConfig.forPath("/existing/new/job"));
        assertThrows(CgroupException.class, () -> m.apply(pid));
        assertFalse(fs.exists(CG + "/existing/new"));
        assertTrue(fs.exists(CG + "/existing"), "not this apply's");
        assertEquals(CG, fs.cgroupOf(pid, ""));
    }

    @Test
    void statsAndOomKillCount() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        Fs2Manager m = manager(fs, CgroupConfig.forPath("/s"));
        long pid = fs.spawn();
        m.apply(pid);
        m.set(Resources.builder().memory(64L << 20).pidsLimit(5).build());
        fs.setStatistic(CG + "/s", "memory.current", "4096\n");
        fs.setStatistic(CG + "/s", "cpu.stat", "2000");
        Stats s = m.stats();
        assertEquals(4096, s.memory().usage().usage());
        assertEquals(64L << 20, s.memory().usage().limit());
        assertTrue(s.memory().useHierarchy());
        assertEquals(2_000_000, s.cpu().usage().totalUsage(), "usage_usec in nanoseconds");
        assertTrue(s.cpu().psi().isPresent() && s.memory().psi().isPresent());
        assertEquals(1, s.pids().current());
        assertEquals(5, s.pids().limit());
        assertEquals(0, m.oomKillCount());
        fs.oomKill(CG + "/s");
        assertEquals(1, m.oomKillCount());
    }

    @Test
    void theHostAwareFactoryPicksTheManagerOfTheHost() throws CgroupException {
        CgroupConfig c = CgroupConfig.forPath("/x").build();
        FakeCgroupFs v1 = FakeCgroupFs.modernHybrid();
        assertInstanceOf(FsManager.class, CgroupfsManagers.create(c, v1, v1.procFs()));
        FakeCgroupFs v2 = FakeCgroupFs.unified();
        assertInstanceOf(Fs2Manager.class, CgroupfsManagers.create(c, v2, v2.procFs()));
        CgroupException e = assertThrows(CgroupException.class, () -> FsManager.create(c, v2, v2.procFs()));
        assertTrue(e.getMessage().contains("Fs2Manager"), e.getMessage());
    }

    private static final long ANY = DeviceRule.WILDCARD;

    @Test
    void deviceRulesBecomeAnEbpfProgramThatMeansWhatV1Means() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        Fs2Manager m = manager(fs, CgroupConfig.forPath("/dev"));
        m.apply(CgroupManager.NO_PID);
        String d = CG + "/dev";
        assertTrue(fs.deviceAllowed(d, 'c', 1, 9, "r"), "no program: everything");
        m.set(Resources.builder().devices(List.of(DeviceRule.allow('c', 1, 3, "rwm"), DeviceRule.allow('c', 1, 9, "r"),
                DeviceRule.allow('c', ANY, ANY, "m"), DeviceRule.allow('b', 8, ANY, "r"))).build());
        assertTrue(fs.deviceAllowed(d, 'c', 1, 3, "rw"), "/dev/null");
        assertTrue(fs.deviceAllowed(d, 'c', 1, 9, "r"), "/dev/urandom read");
        assertFalse(fs.deviceAllowed(d, 'c', 1, 9, "rw"), "asks for more than the rule gives");
        assertFalse(fs.deviceAllowed(d, 'c', 1, 5, "r"), "/dev/zero: not listed, deny-all");
        assertTrue(fs.deviceAllowed(d, 'c', 4242, 7, "m"), "mknod of any char device");
        assertTrue(fs.deviceAllowed(d, 'b', 8, 17, "r") && !fs.deviceAllowed(d, 'b', 9, 0, "r"));
        m.set(Resources.builder().devices(List.of(DeviceRule.allow('a', ANY, ANY, "rwm"),
                DeviceRule.deny('c', 1, 9, "rwm"))).build());
        assertFalse(fs.deviceAllowed(d, 'c', 1, 9, "r"), "a deny on allow-all");
        assertTrue(fs.deviceAllowed(d, 'c', 1, 5, "rw") && fs.deviceAllowed(d, 'b', 8, 0, "rwm"));
        m.set(Resources.builder().devices(List.of()).build());
        assertFalse(fs.deviceAllowed(d, 'c', 1, 3, "r"), "an empty list: deny all, as runc");
        long attached = fs.operations().stream().filter(o -> FakeCgroupFs.DEVICE_PROGRAM.equals(o.file())).count();
        m.set(Resources.builder().memory(1L << 30).build());
        assertEquals(attached, fs.operations().stream().filter(o -> FakeCgroupFs.DEVICE_PROGRAM.equals(o.file()))
                .count(), "devices not set: the program is left alone");
        assertFalse(fs.deviceAllowed(d, 'c', 1, 3, "r"));
    }

    @Test
    void anAncestorsDeviceProgramStillApplies() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        Fs2Manager parent = manager(fs, CgroupConfig.forPath("/p"));
        parent.apply(CgroupManager.NO_PID);
        parent.set(Resources.builder().devices(List.of(DeviceRule.allow('c', 1, 3, "rwm"))).build());
        Fs2Manager child = manager(fs, CgroupConfig.forPath("/p/c"));
        child.apply(CgroupManager.NO_PID);
        child.set(Resources.builder().devices(List.of(DeviceRule.allow('a', ANY, ANY, "rwm"))).build());
        assertFalse(fs.deviceAllowed(CG + "/p/c", 'c', 1, 9, "r"), "the parent's program denies it");
        assertTrue(fs.deviceAllowed(CG + "/p/c", 'c', 1, 3, "r"));
    }

    @Test
    void ruleSetsV1CannotExpressAreRefusedOnV2Too() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        Fs2Manager m = manager(fs, CgroupConfig.forPath("/x"));
        m.apply(CgroupManager.NO_PID);
        CgroupException e = assertThrows(CgroupException.class, () -> m.set(Resources.builder().devices(List.of(
                DeviceRule.allow('c', ANY, ANY, "rwm"), DeviceRule.deny('c', 1, 9, "rwm"))).build()));
        assertTrue(fs.operations().stream().noneMatch(o -> FakeCgroupFs.DEVICE_PROGRAM.equals(o.file())),
                "refused before anything is attached: " + e.getMessage());
    }

    /** The fake over which a cgroup's {@code cgroup.type} reads as given (the fake models domain cgroups only). */
    private static io.github.cgroups4j.spi.CgroupFs typed(FakeCgroupFs fake, String dir, String type) {
        return new io.github.cgroups4j.testkit.ForwardingCgroupFs(fake) {
            @Override
            public String read(String d, String file) throws CgroupException {
                return d.equals(dir) && file.equals("cgroup.type") ? type + "\n" : fake.read(d, file);
            }

            @Override
            public void write(String d, String file, String value) throws CgroupException {
                if (d.equals(dir) && file.equals("cgroup.type")) {
                    fake.mkdir(d + "/.threaded-marker");
                    return;
                }
                fake.write(d, file, value);
            }
        };
    }

    @Test
    void cgroupTypeIsCheckedAsRunc() throws CgroupException {
        FakeCgroupFs fake = FakeCgroupFs.unified();
        Resources memory = Resources.builder().memory(64L << 20).build();
        CgroupException invalid = assertThrows(CgroupException.class, () -> Fs2Manager.create(CgroupConfig
                .forPath("/inv").resources(memory).build(), typed(fake, CG + "/inv", "domain invalid"),
                fake.procFs()).apply(CgroupManager.NO_PID));
        assertTrue(invalid.getMessage().contains("with domain controllers: it is in an invalid state"),
                invalid.getMessage());
        Fs2Manager threadedOnly = Fs2Manager.create(CgroupConfig.forPath("/inv2").resources(Resources.builder()
                .pidsLimit(5).build()).build(), typed(fake, CG + "/inv2", "domain invalid"), fake.procFs());
        threadedOnly.apply(CgroupManager.NO_PID);
        assertTrue(fake.exists(CG + "/inv2/.threaded-marker"), "thread-aware controllers only: made threaded");
        CgroupException threaded = assertThrows(CgroupException.class, () -> Fs2Manager.create(CgroupConfig
                .forPath("/thr").resources(memory).build(), typed(fake, CG + "/thr", "threaded"), fake.procFs())
                .apply(CgroupManager.NO_PID));
        assertTrue(threaded.getMessage().contains("it is threaded"), threaded.getMessage());
        assertFalse(fake.exists(CG + "/thr"), "rolled back");
    }

    @Test
    void aFailedApplyDisablesTheControllersItEnabledWhereNoOneElseIsBelow() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        fs.mkdir("/sys/fs/cgroup/shared");
        String rootBefore = fs.read("/sys/fs/cgroup", "cgroup.subtree_control");
        fs.inject(Fault.on(FakeOp.Kind.MKDIR, "/sys/fs/cgroup/a/b").errno(Errno.ENOSPC));
        Fs2Manager m = Fs2Manager.create(CgroupConfig.forPath("/a/b").resources(Resources.builder()
                .memory(64L << 20).pidsLimit(8).build()).build(), fs, fs.procFs());
        assertThrows(CgroupException.class, () -> m.apply(CgroupManager.NO_PID));
        assertFalse(fs.exists("/sys/fs/cgroup/a"));
        // the root has another child: what the call enabled there stays (that child may rely on it)
        assertTrue(fs.read("/sys/fs/cgroup", "cgroup.subtree_control").contains("memory"));
        fs.clearFaults();
        fs.rmdir("/sys/fs/cgroup/shared");
        fs.write("/sys/fs/cgroup", "cgroup.subtree_control", "-memory -pids");
        assertEquals(rootBefore, fs.read("/sys/fs/cgroup", "cgroup.subtree_control"));

        // below a parent of someone else's with no other child, the controllers go again
        fs.mkdir("/sys/fs/cgroup/p");
        fs.write("/sys/fs/cgroup", "cgroup.subtree_control", "+memory +pids");
        String pBefore = fs.read("/sys/fs/cgroup/p", "cgroup.subtree_control");
        fs.inject(Fault.on(FakeOp.Kind.MKDIR, "/sys/fs/cgroup/p/c/d").errno(Errno.ENOSPC));
        Fs2Manager n = Fs2Manager.create(CgroupConfig.forPath("/p/c/d").resources(Resources.builder()
                .memory(64L << 20).build()).build(), fs, fs.procFs());
        assertThrows(CgroupException.class, () -> n.apply(CgroupManager.NO_PID));
        assertFalse(fs.exists("/sys/fs/cgroup/p/c"));
        assertEquals(pBefore, fs.read("/sys/fs/cgroup/p", "cgroup.subtree_control"), "p is as it was");
    }
}
