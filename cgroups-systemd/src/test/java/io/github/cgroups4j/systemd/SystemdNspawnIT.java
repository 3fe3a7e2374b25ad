package io.github.cgroups4j.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupManagers;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.systemd.internal.DbusBus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The systemd driver against a real systemd 252 on cgroup v1: run by {@code .ci/run} inside a systemd-nspawn
 * container ({@code .ci/nspawn/run.sh}) on this host's own hierarchies, below a cgroup of the harness's own. There the
 * container's systemd manages the v1 controllers (the harness makes them writable in the container's mount namespace),
 * so limits are proven on the real kernel, not only read back. Units are named {@code cgroups4j-it-<random>.scope}.
 */
class SystemdNspawnIT {
    private static final long MIB = 1024 * 1024;
    private static final String SCOPE = "org.freedesktop.systemd1.Scope";
    private final RealSystemd real = new RealSystemd();
    private static DbusBus bus;

    @BeforeAll
    static void systemdIsHere() {
        Optional<String> why = Systemd.unavailabilityCause();
        if (why.isPresent()) {
            if (Boolean.getBoolean("cgroups4j.nspawn.required")) {
                fail("systemd must be PID 1 here (.ci/nspawn/run.sh): " + why.get());
            }
            Assumptions.abort("needs systemd as PID 1 (run in .ci/nspawn/run.sh): " + why.get());
        }
        if (!Files.isDirectory(Path.of("/sys/fs/cgroup/systemd"))) {
            Assumptions.abort("not a cgroup v1 host");
        }
        bus = DbusBus.system();
    }

    @AfterEach
    void cleanUp() {
        real.close();
    }

    private SystemdManager manager(Resources r) throws CgroupException {
        String name = UUID.randomUUID().toString().substring(0, 8);
        CgroupManager m = CgroupManagers.create(SystemdNames.parse("system.slice:cgroups4j-it:" + name)
                .resources(r).build());
        real.track(m);
        return (SystemdManager) m;
    }

    private static Object prop(String unit, String name) throws CgroupException {
        return bus.unitProperty(unit, SCOPE, name).orElseThrow(() -> new AssertionError(unit + " is not loaded"));
    }

    @Test
    void aScopeWithLimitsIsMadeBySystemdAndRemovedByDestroy() throws Exception {
        SystemdManager m = manager(Resources.builder().memory(64 * MIB).cpuShares(512).pidsLimit(64)
                .cpuQuota(25_000).cpuPeriod(100_000).build());
        Process p = real.startWaiting("sleep 300");
        m.apply(p.pid());
        m.set(m.config().resources());
        String unit = m.unit();
        assertTrue(unit.startsWith("cgroups4j-it-") && unit.endsWith(".scope"), unit);

        // over D-Bus, and as systemctl shows it
        assertEquals(Long.toString(64 * MIB), prop(unit, "MemoryLimit").toString());
        assertEquals("512", prop(unit, "CPUShares").toString());
        assertEquals("64", prop(unit, "TasksMax").toString());
        assertEquals("250000", prop(unit, "CPUQuotaPerSecUSec").toString());
        assertEquals("yes", RealSystemd.show(unit, "Delegate"));
        assertEquals("active", RealSystemd.show(unit, "ActiveState"));
        assertEquals("libcontainer container " + m.config().name().get(), RealSystemd.show(unit, "Description"));

        // in the cgroupfs, in systemd's hierarchy and the controllers
        String named = m.paths().get("name=systemd");
        assertEquals("/sys/fs/cgroup/systemd/system.slice/" + unit, named);
        assertEquals("/system.slice/" + unit, prop(unit, "ControlGroup").toString());
        assertTrue(RealSystemd.read(named, "cgroup.procs").contains(Long.toString(p.pid())));
        assertEquals(Long.toString(64 * MIB), RealSystemd.read(m.path(Controller.MEMORY), "memory.limit_in_bytes"));
        assertEquals("512", RealSystemd.read(m.path(Controller.CPU), "cpu.shares"));
        assertEquals("25000", RealSystemd.read(m.path(Controller.CPU), "cpu.cfs_quota_us"));
        assertEquals("64", RealSystemd.read(m.path(Controller.PIDS), "pids.max"));
        for (String c : List.of("memory", "cpu", "pids", "freezer", "devices", "cpuset")) {
            String dir = m.paths().get(c);
            assertTrue(RealSystemd.read(dir, "cgroup.procs").contains(Long.toString(p.pid())), c + ": " + dir);
        }

        // set: both systemd's property and the file
        m.set(Resources.builder().memory(96 * MIB).build());
        assertEquals("100663296", prop(unit, "MemoryLimit").toString());
        assertEquals(Long.toString(96 * MIB), RealSystemd.read(m.path(Controller.MEMORY), "memory.limit_in_bytes"));

        // destroy refuses while the task runs, then with kill ends it, the unit and every directory
        CgroupException busy = assertThrows(CgroupException.class, m::destroy);
        assertTrue(busy.getMessage().contains("EBUSY"), busy.getMessage());
        assertEquals("active", RealSystemd.show(unit, "ActiveState"), "destroy() must not stop a unit with tasks");
        m.destroy(true);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertTrue(bus.unitProperty(unit, SCOPE, "ControlGroup").isEmpty(), "the unit is gone");
        for (String dir : m.paths().values()) {
            assertFalse(Files.exists(Path.of(dir)), dir);
        }
        assertFalse(m.exists());
    }

    @Test
    void aTwoHundredMibAllocationUnderSixtyFourMibIsOomKilled() throws Exception {
        SystemdManager m = manager(Resources.builder().memory(64 * MIB).memorySwap(64 * MIB).build());
        // a sleeper keeps the scope populated: systemd stops an empty scope and removes its cgroups at once
        Process p = real.startWaiting("sleep 300 & head -c 209715200 /dev/zero | tail > /dev/null");
        m.apply(p.pid());
        m.set(m.config().resources());
        RealSystemd.release(p);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
        assertTrue(m.oomKillCount() >= 1, "oom_kill " + m.oomKillCount());
        m.destroy(true);
        assertFalse(m.exists());
    }

    @Test
    void aUnitThatExistsIsNotTakenOver() throws Exception {
        SystemdManager first = manager(Resources.builder().memory(64 * MIB).build());
        Process a = real.startWaiting("sleep 300");
        first.apply(a.pid());
        CgroupConfig same = first.config().toBuilder().resources(Resources.builder().memory(32 * MIB).build())
                .build();
        SystemdManager second = SystemdManager.create(same);
        Process b = real.startWaiting("sleep 300");
        String bBefore = Files.readString(Path.of("/proc/" + b.pid() + "/cgroup"));
        SystemdException e = assertThrows(SystemdException.class, () -> second.apply(b.pid()));
        assertTrue(e.isDbusError(SystemdException.UNIT_EXISTS), e.getMessage());
        assertEquals(bBefore, Files.readString(Path.of("/proc/" + b.pid() + "/cgroup")), "moved back");
        assertEquals("active", RealSystemd.show(first.unit(), "ActiveState"));
        assertEquals(Long.toString(64 * MIB), prop(first.unit(), "MemoryLimit").toString());
        assertTrue(RealSystemd.read(first.paths().get("memory"), "cgroup.procs").contains(Long.toString(a.pid())));
        assertFalse(RealSystemd.read(first.paths().get("memory"), "cgroup.procs").contains(Long.toString(b.pid())));
    }

    @Test
    void aRefusedUnitLeavesNothingAndTheProcessWhereItWas() throws Exception {
        String name = "cgroups4j-it-bad-" + UUID.randomUUID().toString().substring(0, 8);
        CgroupConfig config = SystemdNames.parse("system.slice::" + name)
                .resources(Resources.builder().memory(64 * MIB).build())
                .systemdProperty("NoSuchPropertyCgroups4j", "x").build();
        SystemdManager m = SystemdManager.create(config);
        Process p = real.startWaiting("sleep 300");
        String before = Files.readString(Path.of("/proc/" + p.pid() + "/cgroup"));
        SystemdException e = assertThrows(SystemdException.class, () -> m.apply(p.pid()));
        assertTrue(e.getMessage().contains("NoSuchPropertyCgroups4j"), e.getMessage());
        assertEquals(before, Files.readString(Path.of("/proc/" + p.pid() + "/cgroup")));
        assertTrue(p.isAlive());
        assertFalse(m.exists());
        for (String dir : m.paths().values()) {
            assertFalse(Files.exists(Path.of(dir)), dir);
        }
    }

    @Test
    void deviceRulesBecomeDevicePolicyAndDeviceAllow() throws Exception {
        SystemdManager m = manager(Resources.builder().memory(64 * MIB)
                .device(DeviceRule.allow('c', 1, 3, "rwm")).device(DeviceRule.allow('c', 136, DeviceRule.WILDCARD,
                        "rw")).build());
        Process p = real.startWaiting("sleep 300");
        m.apply(p.pid());
        m.set(m.config().resources());
        assertEquals("strict", RealSystemd.show(m.unit(), "DevicePolicy"));
        String allow = RealSystemd.show(m.unit(), "DeviceAllow");
        assertTrue(allow.contains("/dev/char/1:3 rwm") && allow.contains("char-pts rw"), allow);
        String list = RealSystemd.read(m.path(Controller.DEVICES), "devices.list");
        assertTrue(list.contains("c 1:3 rwm") && list.contains("c 136:* rw"), list);
    }

    @Test
    void theDriverReconnectsWhenTheBusRestarts() throws Exception {
        SystemdManager m = manager(Resources.builder().memory(64 * MIB).build());
        Process p = real.startWaiting("sleep 300");
        m.apply(p.pid()); // the manager's connection is up
        Process restart = new ProcessBuilder("systemctl", "restart", "dbus.service").inheritIO().start();
        assertTrue(restart.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, restart.exitValue());
        for (int i = 0; i < 100 && !RealSystemd.show("dbus.service", "ActiveState").equals("active"); i++) {
            Thread.sleep(100);
        }
        m.set(Resources.builder().memory(80 * MIB).build()); // over a new connection
        assertEquals(Long.toString(80 * MIB), prop(m.unit(), "MemoryLimit").toString());
        assertEquals(Long.toString(80 * MIB), RealSystemd.read(m.path(Controller.MEMORY), "memory.limit_in_bytes"));
    }

    @Test
    void aSliceIsMadeWithoutAProcessAndMadeAgainIsFine() throws Exception {
        // a slice's place follows its name: cgroups4j-<x>.slice lives in cgroups4j.slice, its parent
        String name = "cgroups4j-" + UUID.randomUUID().toString().substring(0, 8) + ".slice";
        CgroupConfig c = SystemdNames.parse("cgroups4j.slice::" + name)
                .resources(Resources.builder().memory(128 * MIB).build()).build();
        SystemdManager m = SystemdManager.create(c);
        real.track(m);
        m.apply(CgroupManager.NO_PID);
        m.set(c.resources());
        assertEquals(name, m.unit());
        assertEquals("active", RealSystemd.show(name, "ActiveState"));
        assertEquals("/sys/fs/cgroup/systemd/cgroups4j.slice/" + name, m.paths().get("name=systemd"));
        assertEquals(Long.toString(128 * MIB), RealSystemd.read(m.path(Controller.MEMORY), "memory.limit_in_bytes"));
        assertEquals(Long.toString(128 * MIB), RealSystemd.show(name, "MemoryLimit"));
        SystemdManager again = SystemdManager.create(c);
        again.apply(CgroupManager.NO_PID); // kubelet's case: an existing slice without a pid is used as it is
        assertEquals("active", RealSystemd.show(name, "ActiveState"));
        m.destroy();
        assertEquals("inactive", RealSystemd.show(name, "ActiveState"));
        assertFalse(m.exists());
    }

    @Test
    void managersOnManyThreadsShareOneConnection() throws Exception {
        int threads = 8;
        int cycles = 10;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        List<String> units = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < cycles; i++) {
                    SystemdManager m = SystemdManager.create(SystemdNames.parse("system.slice:cgroups4j-it:"
                            + UUID.randomUUID().toString().substring(0, 8)).resources(Resources.builder()
                            .memory(32 * MIB).pidsLimit(8).build()).build());
                    Process p = new ProcessBuilder("sleep", "60").start();
                    try {
                        m.apply(p.pid());
                        m.set(m.config().resources());
                        units.add(m.unit());
                        assertEquals(Long.toString(32 * MIB), RealSystemd.read(m.path(Controller.MEMORY),
                                "memory.limit_in_bytes"));
                    } finally {
                        p.destroyForcibly();
                        m.destroy(true);
                    }
                    assertFalse(m.exists());
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get(300, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(threads * cycles, units.size());
        for (String u : units) {
            assertTrue(bus.unitProperty(u, SCOPE, "ControlGroup").isEmpty(), u + " is left");
        }
    }

    @Test
    void aNewManagerCleansUpWhatACrashedOneLeft() throws Exception {
        SystemdManager crashed = manager(Resources.builder().memory(64 * MIB).build());
        Process p = real.startWaiting("sleep 300");
        crashed.apply(p.pid());
        java.util.Map<String, String> saved = crashed.paths();
        // the owner is gone; a new process knows only the config, or the paths it saved
        CgroupManager fromPaths = CgroupManagers.create(crashed.config(), saved);
        assertTrue(fromPaths instanceof SystemdManager);
        assertTrue(fromPaths.exists());
        fromPaths.destroy(true);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the orphaned task is ended");
        assertTrue(bus.unitProperty(crashed.unit(), SCOPE, "ControlGroup").isEmpty(), "the unit is gone");
        for (String dir : saved.values()) {
            assertFalse(Files.exists(Path.of(dir)), dir);
        }
    }
}
