package io.github.cgroups4j.fs.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupManagers;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.HugepageLimit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.ThrottleDevice;
import io.github.cgroups4j.fs.v2.Fs2Manager;
import io.github.cgroups4j.stats.Stats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The v2 manager on a real cgroup v2 kernel with every controller: the VM of {@code .ci/vm/run.sh}. Excluded from
 * the host's integration tests (the host is hybrid); {@code .ci/run} runs these in the VM.
 */
class Fs2VmIT {
    private static final long MIB = 1L << 20;
    private CgroupManager m;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void requireAUnifiedHostWithControllers() throws IOException {
        VmHost.require();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (m != null && m.exists()) {
            m.destroy(true);
        }
    }

    private CgroupManager manager(Resources r) throws Exception {
        m = CgroupManagers.create(CgroupConfig.forPath("/cgroups4j-vm-" + UUID.randomUUID().toString()
                .substring(0, 8)).resources(r).build());
        return m;
    }

    /** {@code sh -c 'read go; SCRIPT'}, moved into the cgroup with its limits in place before it is released. */
    private Process startIn(CgroupManager cg, String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "read go; " + script).redirectErrorStream(true).start();
        started.add(p);
        cg.apply(CgroupManager.NO_PID);
        cg.set(cg.config().resources());
        cg.apply(p.pid());
        OutputStream in = p.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        return p;
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theFs2BackendServesAUnifiedHost() throws Exception {
        assertInstanceOf(Fs2Manager.class, manager(Resources.empty()));
        if (Boolean.getBoolean("cgroups4j.expect.ffm")) { // the JDK 22+ run: these tests go through java.lang.foreign
            assertEquals("ffm", io.github.cgroups4j.fs.NativeCgroupFs.nativeBoundary());
        }
    }

    @Test
    void a200MiBAllocationUnder64MiBIsOomKilled() throws Exception {
        CgroupManager cg = manager(Resources.builder().memory(64 * MIB).memorySwap(64 * MIB).build());
        Process p = startIn(cg, "head -c 209715200 /dev/zero | tail > /dev/null");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), output(p));
        assertTrue(cg.oomKillCount() >= 1, "oom_kill " + cg.oomKillCount());
        Stats s = cg.stats(EnumSet.of(Controller.MEMORY));
        assertEquals(64 * MIB, s.memory().usage().limit());
    }

    @Test
    void pidsMaxStopsForks() throws Exception {
        CgroupManager cg = manager(Resources.builder().memory(128 * MIB).pidsLimit(4).build());
        Process p = startIn(cg, "for i in 1 2 3 4 5 6 7 8; do sleep 30 & done; echo spawned; wait");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = output(p);
        assertTrue(out.contains("Cannot fork") || out.contains("Resource temporarily unavailable"), out);
        assertFalse(out.contains("spawned"), "the shell gave up when its fork was refused: " + out);
        assertEquals(4, cg.stats(EnumSet.of(Controller.PIDS)).pids().limit());
    }

    @Test
    void cpuMaxThrottlesABusyLoop() throws Exception {
        CgroupManager cg = manager(Resources.builder().memory(64 * MIB).cpuQuota(20_000).cpuPeriod(100_000).build());
        Process p = startIn(cg, "while true; do :; done");
        Thread.sleep(2000);
        Stats s = cg.stats(EnumSet.of(Controller.CPU));
        assertTrue(s.cpu().throttling().throttledPeriods() > 0, "nr_throttled " + s.cpu().throttling());
        p.destroyForcibly();
    }

    @Test
    void freezeAndThawABusyProcessThenKillEveryProcess() throws Exception {
        CgroupManager cg = manager(Resources.builder().memory(64 * MIB).build());
        Process p = startIn(cg, "sh -c 'while true; do :; done' & while true; do :; done");
        Thread.sleep(300);
        cg.freeze(FreezerState.FROZEN);
        assertEquals(FreezerState.FROZEN, cg.freezerState());
        long before = cpuUsage(cg);
        Thread.sleep(500);
        assertEquals(before, cpuUsage(cg), "no CPU used while frozen");
        cg.freeze(FreezerState.THAWED);
        assertEquals(FreezerState.THAWED, cg.freezerState());
        assertEquals(2, cg.pids().size(), cg.pids().toString());
        cg.destroy(true);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertFalse(cg.exists());
    }

    private static long cpuUsage(CgroupManager cg) throws Exception {
        return cg.stats(EnumSet.of(Controller.CPU)).cpu().usage().totalUsage();
    }

    @Test
    void ioMaxOnTheVmsDiskAndHugetlbAreWrittenAndReadBack() throws Exception {
        String[] dev = Files.readString(Path.of("/sys/block/vda/dev")).strip().split(":");
        long major = Long.parseLong(dev[0]);
        long minor = Long.parseLong(dev[1]);
        CgroupManager cg = manager(Resources.builder().memory(64 * MIB)
                .blkioThrottleReadBpsDevice(new ThrottleDevice(major, minor, 1048576))
                .hugetlbLimit(new HugepageLimit("2MB", 4 * MIB)).build());
        cg.apply(CgroupManager.NO_PID);
        cg.set(cg.config().resources());
        String dir = cg.path(Controller.BLKIO);
        assertTrue(Files.readString(Path.of(dir, "io.max")).contains(major + ":" + minor + " rbps=1048576"));
        assertEquals(Long.toString(4 * MIB), Files.readString(Path.of(dir, "hugetlb.2MB.max")).strip());
    }

    @Test
    void deviceRulesAreEnforced() throws Exception {
        CgroupManager cg = manager(Resources.builder().memory(64 * MIB).devices(List.of(
                DeviceRule.allow('c', 1, 3, "rwm"), DeviceRule.allow('c', 1, 5, "rwm"))).build());
        Process p = startIn(cg, "head -c 1 /dev/zero > /dev/null && echo zero-ok; "
                + "head -c 1 /dev/urandom > /dev/null 2>&1 && echo urandom-ok || echo urandom-denied");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = output(p);
        assertTrue(out.contains("zero-ok") && out.contains("urandom-denied"), out);
    }
}
