package io.github.cgroups4j.fs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupManagers;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.fs.LinuxProcFs;
import io.github.cgroups4j.fs.RealCgroups;
import io.github.cgroups4j.fs.v1.FsManager;
import io.github.cgroups4j.fs.v1.KmemReport;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.stats.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The v1 manager on this machine's real cgroup v1 controllers: limits the kernel really enforces. */
class FsManagerIT {
    private static final long MIB = 1L << 20;
    private ManagedCgroup cg;

    @AfterEach
    void cleanUp() throws Exception {
        if (cg != null) {
            cg.close();
        }
    }

    private static Resources.Builder limited() {
        return Resources.builder().memory(128 * MIB).memorySwap(128 * MIB);
    }

    @Test
    void aChildAllocating200MiBUnder64MiBIsOomKilled() throws Exception {
        cg = new ManagedCgroup();
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(Resources.builder().memory(64 * MIB)
                .memorySwap(64 * MIB).build()));
        Process p = cg.start("head -c 209715200 /dev/zero | tail > /dev/null");
        cg.applyLimitsThenJoin(p);
        ManagedCgroup.release(p);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the allocation ended");
        assertEquals(137, p.exitValue(), "tail was killed by SIGKILL: " + ManagedCgroup.output(p));
        assertTrue(m.oomKillCount() >= 1, "oom_kill " + m.oomKillCount());
        Stats s = m.stats(EnumSet.of(Controller.MEMORY));
        assertEquals(64 * MIB, s.memory().usage().limit());
        assertTrue(s.memory().usage().maxUsage() >= 60 * MIB && s.memory().usage().maxUsage() <= 64 * MIB,
                "max_usage at the limit: " + s.memory().usage().maxUsage());
    }

    @Test
    void pidsMaxStopsForks() throws Exception {
        cg = new ManagedCgroup();
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(limited().pidsLimit(4).build()));
        Process p = cg.start("for i in 1 2 3 4 5 6 7 8 9 10; do sleep 30 >/dev/null 2>&1 & done; echo spawned; wait");
        cg.applyLimitsThenJoin(p);
        ManagedCgroup.release(p);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the shell gave up when its fork was refused");
        String out = ManagedCgroup.output(p);
        assertTrue(out.contains("Cannot fork") || out.contains("Resource temporarily unavailable"), out);
        assertFalse(out.contains("spawned"), out);
        Stats s = m.stats(EnumSet.of(Controller.PIDS));
        assertEquals(4, s.pids().limit());
        assertTrue(s.pids().current() <= 3, "only the sleeps that fit are left: " + s.pids().current());
        String events = cg.fs().read(m.path(Controller.PIDS), "pids.events");
        assertFalse(events.strip().equals("max 0"), "pids.events counts refused forks: " + events);
    }

    @Test
    void cfsQuotaThrottlesABusyLoop() throws Exception {
        cg = new ManagedCgroup();
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(limited().cpuPeriod(100_000).cpuQuota(20_000)
                .build()));
        Process p = cg.start("while :; do :; done");
        cg.applyLimitsThenJoin(p);
        ManagedCgroup.release(p);
        Thread.sleep(300);
        long u0 = m.stats(EnumSet.of(Controller.CPU)).cpu().usage().totalUsage();
        long t0 = System.nanoTime();
        Thread.sleep(2000);
        Stats s = m.stats(EnumSet.of(Controller.CPU));
        double perSecond = (s.cpu().usage().totalUsage() - u0) / ((System.nanoTime() - t0) / 1e9) / 1e9;
        assertTrue(s.cpu().throttling().throttledPeriods() > 0, "nr_throttled " + s.cpu().throttling());
        assertTrue(perSecond > 0.12 && perSecond < 0.28, "cpu seconds per second near the 0.2 quota: " + perSecond);
    }

    @Test
    void freezeStopsAndThawResumes() throws Exception {
        cg = new ManagedCgroup();
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(limited().build()));
        Process p = cg.start("while :; do :; done");
        cg.applyLimitsThenJoin(p);
        ManagedCgroup.release(p);
        Thread.sleep(200);
        m.freeze(FreezerState.FROZEN);
        assertEquals(FreezerState.FROZEN, m.freezerState());
        long frozen0 = m.stats(EnumSet.of(Controller.CPU)).cpu().usage().totalUsage();
        Thread.sleep(500);
        long frozen1 = m.stats(EnumSet.of(Controller.CPU)).cpu().usage().totalUsage();
        assertTrue(frozen1 - frozen0 < 5_000_000, "no cpu used while frozen: " + (frozen1 - frozen0) + " ns");
        m.freeze(FreezerState.THAWED);
        assertEquals(FreezerState.THAWED, m.freezerState());
        Thread.sleep(300);
        long thawed = m.stats(EnumSet.of(Controller.CPU)).cpu().usage().totalUsage();
        assertTrue(thawed - frozen1 > 50_000_000, "it runs again: " + (thawed - frozen1) + " ns");
    }

    @Test
    void devicesDenyUrandomButNotNull() throws Exception {
        cg = new ManagedCgroup();
        cg.manager(CgroupConfig.forPath("x").resources(limited().device(DeviceRule.allow('a', -1, -1, "rwm"))
                .device(DeviceRule.deny('c', 1, 9, "rwm")).build()));
        Process p = cg.start("if head -c 1 /dev/urandom >/dev/null 2>&1; then echo urandom-readable; "
                + "else echo urandom-denied; fi; if echo x > /dev/null; then echo null-ok; fi");
        cg.applyLimitsThenJoin(p);
        ManagedCgroup.release(p);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String out = ManagedCgroup.output(p);
        assertTrue(out.contains("urandom-denied"), out);
        assertTrue(out.contains("null-ok"), out);
        assertTrue(cg.fs().read(cg.manager.path(Controller.DEVICES), "devices.list").contains("a *:* rwm"));
    }

    @Test
    void cpusetPinningShowsInCpusAllowedList() throws Exception {
        cg = new ManagedCgroup();
        cg.manager(CgroupConfig.forPath("x").resources(limited().cpusetCpus("1").build()));
        Process p = cg.start("sleep 30");
        cg.applyLimitsThenJoin(p);
        String status = LinuxProcFs.system().status(p.pid());
        assertTrue(status.contains("Cpus_allowed_list:\t1\n"), status);
    }

    @Test
    void aFailedApplyLeavesNoDirectoryInAnyHierarchy() throws Exception {
        cg = new ManagedCgroup();
        // rt runtime above the period: the kernel refuses it in the cpu controller, after cpuset, devices and memory
        // were created
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(limited().cpuRtRuntime(2_000_000).build()));
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(CgroupManager.NO_PID));
        assertTrue(e.is(Errno.EINVAL), e.getMessage());
        assertEquals("cpu.rt_runtime_us", e.file().orElseThrow());
        try (Stream<Path> s = Files.find(Path.of("/sys/fs/cgroup"), 3,
                (q, a) -> q.toString().contains(cg.name))) {
            assertEquals(List.of(), s.toList());
        }
        assertFalse(m.exists());
    }

    @Test
    void gatedWithKernelMemoryWritesTheLimitAndReportsTheKernelIgnoredIt() throws Exception {
        cg = new ManagedCgroup();
        Resources r = limited().kernelMemory(32 * MIB).build();
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(r));
        m.apply(CgroupManager.NO_PID);
        m.set(r);
        assertEquals(List.of("memory.kmem.limit_in_bytes=1", "memory.kmem.limit_in_bytes=-1",
                "memory.kmem.limit_in_bytes=" + 32 * MIB), cg.fs.writesOf("memory.kmem.limit_in_bytes"));
        KmemReport rep = m.kmemReport().orElseThrow();
        assertTrue(rep.accountingEnabled() && rep.limitWritten(), rep.toString());
        assertTrue(rep.ignoredByKernel(), "this 6.x kernel accepts and ignores kmem limits: " + rep);
    }

    @Test
    void legacyAlwaysWritesOneThenMinusOneAtCreation() throws Exception {
        cg = new ManagedCgroup();
        Resources r = limited().build();
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(r).kmemPolicy(KmemPolicy.LEGACY_ALWAYS));
        m.apply(CgroupManager.NO_PID);
        assertEquals(List.of("memory.kmem.limit_in_bytes=1", "memory.kmem.limit_in_bytes=-1"),
                cg.fs.writesOf("memory.kmem.limit_in_bytes"));
        assertTrue(m.kmemReport().orElseThrow().accountingEnabled());
    }

    @Test
    void gatedWithoutKernelMemoryNeverTouchesTheKmemFile() throws Exception {
        cg = new ManagedCgroup();
        Resources r = limited().cpuShares(512).pidsLimit(100).build();
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(r));
        Process p = cg.start("sleep 30");
        cg.applyLimitsThenJoin(p);
        assertEquals(List.of(), cg.fs.writesOf("memory.kmem.limit_in_bytes"));
        assertFalse(m.kmemReport().orElseThrow().decision().enableAccounting());
        assertEquals("512", cg.fs().read(m.path(Controller.CPU), "cpu.shares").strip());
    }

    @Test
    void theServiceLoaderPicksTheFsBackendHere() throws Exception {
        RealCgroups.require("memory").close();
        String name = RealCgroups.PREFIX + "sl-" + Long.toHexString(System.nanoTime());
        CgroupManager m = CgroupManagers.create(CgroupConfig.forPath("/" + name)
                .resources(Resources.builder().memory(Limit.of(64 * MIB)).build()).build());
        try {
            assertInstanceOf(FsManager.class, m);
            m.apply(CgroupManager.NO_PID);
            m.set(m.config().resources());
            assertTrue(m.exists());
            assertEquals(64 * MIB, m.stats(EnumSet.of(Controller.MEMORY)).memory().usage().limit());
        } finally {
            m.destroy();
        }
        assertFalse(m.exists());
    }
}
