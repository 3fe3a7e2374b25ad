package io.github.cgroups4j.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.systemd.internal.DeviceLookup;
import io.github.cgroups4j.systemd.internal.UnitProperty;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import io.github.cgroups4j.testkit.KernelProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver's flow against a fake systemd over the testkit's fake cgroupfs (v1 hybrid and v2). */
class SystemdManagerTest {
    private static final long MIB = 1024 * 1024;

    private static CgroupConfig.Builder config(Resources r) {
        return SystemdNames.parse("system.slice:cgroups4j:c1").resources(r);
    }

    private static SystemdManager manager(FakeCgroupFs fs, FakeSystemd systemd, CgroupConfig c)
            throws CgroupException {
        return SystemdManager.create(c, Map.of(), systemd, fs, systemd.procFs(), DeviceLookup.NONE);
    }

    private static Map<String, String> where(FakeCgroupFs fs, long pid, CgroupManager m) {
        Map<String, String> out = new HashMap<>();
        for (String h : m.paths().keySet()) {
            out.put(h, fs.cgroupOf(pid, h));
        }
        return out;
    }

    /** Only "not-found inactive" is no unit: cgctl refuses every other state rather than take it over. */
    @Test
    void anExistingUnitIsAnyStateButNotFoundInactive() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FakeSystemd systemd = new FakeSystemd(fs, false);
        SystemdManager m = manager(fs, systemd, config(Resources.empty()).build());
        assertEquals(java.util.Optional.empty(), m.existingUnit());
        for (String state : List.of("not-found active", "not-found failed", "loaded failed", "loaded inactive")) {
            systemd.states.put(m.unit(), state);
            assertEquals(java.util.Optional.of(state), m.existingUnit(), state);
        }
        systemd.states.clear();
        m.apply(fs.spawn());
        assertEquals(java.util.Optional.of("loaded active"), m.existingUnit());
    }

    @Test
    void v1ApplyStartsADelegatedScopeWithTheResourcesAndJoinsEveryHierarchy() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FakeSystemd systemd = new FakeSystemd(fs, false);
        SystemdManager m = manager(fs, systemd, config(Resources.builder().memory(64 * MIB).cpuShares(512).build())
                .build());
        long pid = fs.spawn();
        m.apply(pid);
        assertEquals("cgroups4j-c1.scope", m.unit());
        FakeSystemd.Call start = systemd.calls.stream().filter(c -> c.method().equals("StartTransientUnit"))
                .findFirst().orElseThrow();
        List<String> names = start.properties().stream().map(UnitProperty::getName).toList();
        assertTrue(names.containsAll(List.of("Description", "Slice", "Delegate", "PIDs", "MemoryAccounting",
                "BlockIOAccounting", "DefaultDependencies", "MemoryLimit", "CPUShares")), names.toString());
        for (Map.Entry<String, String> e : m.paths().entrySet()) {
            assertTrue(e.getValue().endsWith("/system.slice/cgroups4j-c1.scope"), e.toString());
            assertEquals(e.getValue(), fs.cgroupOf(pid, e.getKey()), e.getKey());
        }
        assertEquals("/sys/fs/cgroup/systemd/system.slice/cgroups4j-c1.scope", m.paths().get("name=systemd"));
        m.set(m.config().resources());
        assertEquals(Long.toString(64 * MIB), fs.read(m.path(Controller.MEMORY), "memory.limit_in_bytes").strip());
        assertTrue(systemd.methods().contains("SetUnitProperties cgroups4j-c1.scope"));
    }

    @Test
    void kmemAccountingIsEnabledOnTheNewMemoryCgroupBeforeSystemdStartsTheUnit() throws Exception {
        // Ubuntu 16.04's 4.4: at or above the gate's 4.3, kmem accounting is real there
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(KernelProfile.xenial())
                .layout(FakeCgroupFs.Layout.CLASSIC_HYBRID).build();
        FakeSystemd systemd = new FakeSystemd(fs, false);
        fs.recordOperations(true);
        SystemdManager m = manager(fs, systemd, config(Resources.builder().memory(64 * MIB)
                .kernelMemory(32 * MIB).build()).build());
        m.apply(fs.spawn());
        String memory = m.path(Controller.MEMORY);
        assertTrue(fs.kmemActive(memory));
        List<FakeOp> ops = fs.operations();
        int kmemAt = -1;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).dir().equals(memory) && "memory.kmem.limit_in_bytes".equals(ops.get(i).file())) {
                kmemAt = i;
                break;
            }
        }
        int startAt = systemd.calls.stream().filter(c -> c.method().equals("StartTransientUnit")).findFirst()
                .orElseThrow().opsBefore();
        assertTrue(kmemAt >= 0 && kmemAt < startAt, "kmem at op " + kmemAt + ", unit started after op " + startAt);
    }

    @Test
    void theGateStillRefusesKmemOnCentos7() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(KernelProfile.centos7())
                .layout(FakeCgroupFs.Layout.CLASSIC_HYBRID).build();
        FakeSystemd systemd = new FakeSystemd(fs, false);
        SystemdManager m = manager(fs, systemd, config(Resources.builder().memory(64 * MIB)
                .kernelMemory(32 * MIB).build()).build());
        m.apply(fs.spawn());
        assertFalse(fs.kmemActive(m.path(Controller.MEMORY)), "3.10.0-514 is below 4.3: no kmem accounting");
    }

    @Test
    void aRefusedStartMovesTheProcessBackAndRemovesOnlyWhatTheCallCreated() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FakeSystemd systemd = new FakeSystemd(fs, false);
        // someone else's slice directory in the cpuset hierarchy: it must stay
        fs.mkdir("/sys/fs/cgroup/cpuset/system.slice");
        SystemdManager m = manager(fs, systemd, config(Resources.builder().memory(64 * MIB).build()).build());
        long pid = fs.spawn();
        Map<String, String> before = where(fs, pid, m);
        systemd.jobResults.add("failed");
        SystemdException e = assertThrows(SystemdException.class, () -> m.apply(pid));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
        assertEquals(before, where(fs, pid, m));
        for (String dir : m.paths().values()) {
            assertFalse(fs.exists(dir), dir);
        }
        assertTrue(fs.exists("/sys/fs/cgroup/cpuset/system.slice"));
        assertFalse(fs.exists("/sys/fs/cgroup/freezer/system.slice"), "created by the call: removed");
        assertFalse(systemd.methods().contains("StopUnit cgroups4j-c1.scope"), "not started: nothing to stop");
    }

    @Test
    void aUnitPlacedElsewhereIsStoppedAfterTheProcessLeftItAndNothingIsKilled() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FakeSystemd systemd = new FakeSystemd(fs, false);
        systemd.controlGroupOverride = "/machine.slice/cgroups4j-c1.scope";
        SystemdManager m = manager(fs, systemd, config(Resources.builder().memory(64 * MIB).build()).build());
        long pid = fs.spawn();
        Map<String, String> before = where(fs, pid, m);
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(pid));
        assertTrue(e.getMessage().contains("systemd put the unit at /machine.slice/"), e.getMessage());
        assertTrue(fs.processes().contains(pid), "stopping the unit must not have ended the process");
        assertEquals(before, where(fs, pid, m));
        assertTrue(systemd.methods().contains("StopUnit cgroups4j-c1.scope"));
        assertFalse(m.exists());
    }

    @Test
    void anExistingUnitIsNotTakenOver() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FakeSystemd systemd = new FakeSystemd(fs, false);
        SystemdManager first = manager(fs, systemd, config(Resources.builder().memory(64 * MIB).build()).build());
        long a = fs.spawn();
        first.apply(a);
        SystemdManager second = manager(fs, systemd, config(Resources.builder().memory(32 * MIB).build()).build());
        long b = fs.spawn();
        Map<String, String> before = where(fs, b, second);
        SystemdException e = assertThrows(SystemdException.class, () -> second.apply(b));
        assertTrue(e.isDbusError(SystemdException.UNIT_EXISTS));
        assertEquals(before, where(fs, b, second));
        assertEquals(where(fs, a, first).get("memory"), first.path(Controller.MEMORY), "the first is untouched");
        assertTrue(fs.exists(first.path(Controller.FREEZER)), "its directories stay");
    }

    @Test
    void applyNewRefusesAUnitThatExistsWhereApplyWithoutAPidUsesIt() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FakeSystemd systemd = new FakeSystemd(fs, false);
        SystemdManager first = manager(fs, systemd, config(Resources.builder().memory(64 * MIB).build()).build());
        long a = fs.spawn();
        first.apply(a);
        String limit = fs.read(first.path(Controller.MEMORY), "memory.limit_in_bytes");
        SystemdManager second = manager(fs, systemd, config(Resources.builder().memory(32 * MIB).build()).build());
        SystemdException e = assertThrows(SystemdException.class, second::applyNew);
        assertTrue(e.isDbusError(SystemdException.UNIT_EXISTS));
        assertEquals(java.util.Optional.of("loaded active"), first.existingUnit(), "not stopped");
        assertEquals(limit, fs.read(first.path(Controller.MEMORY), "memory.limit_in_bytes"));
        assertTrue(fs.exists(first.path(Controller.FREEZER)), "its directories stay");
        assertEquals(where(fs, a, first).get("memory"), first.path(Controller.MEMORY));
        second.apply(CgroupManager.NO_PID); // runc's (kubelet's) case: no pid, an existing unit is used as it is
        assertEquals(java.util.Optional.of("loaded active"), first.existingUnit());
    }

    @Test
    void destroyRefusesWhileTasksRunAndThenStopsTheUnitAndRemovesTheRest() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FakeSystemd systemd = new FakeSystemd(fs, false);
        SystemdManager m = manager(fs, systemd, config(Resources.builder().memory(64 * MIB).build()).build());
        long pid = fs.spawn();
        m.apply(pid);
        CgroupException busy = assertThrows(CgroupException.class, m::destroy);
        assertTrue(busy.is(Errno.EBUSY), busy.getMessage());
        assertFalse(systemd.methods().contains("StopUnit cgroups4j-c1.scope"), "nothing stopped");
        fs.exit(pid);
        m.destroy();
        assertTrue(systemd.methods().contains("StopUnit cgroups4j-c1.scope"));
        for (String dir : m.paths().values()) {
            assertFalse(fs.exists(dir), dir);
        }
    }

    @Test
    void destroyWithKillEndsTheTasksThenTheUnit() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FakeSystemd systemd = new FakeSystemd(fs, false);
        SystemdManager m = manager(fs, systemd, config(Resources.builder().memory(64 * MIB).build()).build());
        long pid = fs.spawn();
        m.apply(pid);
        m.destroy(true);
        assertFalse(fs.processes().contains(pid));
        assertFalse(m.exists());
        assertFalse(systemd.units.containsKey("cgroups4j-c1.scope"));
    }

    @Test
    void v1SetFreezesAroundDeviceRulesUnlessTold() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FakeSystemd systemd = new FakeSystemd(fs, false);
        SystemdManager m = manager(fs, systemd, config(Resources.builder().memory(64 * MIB).build()).build());
        m.apply(fs.spawn());
        List<String> seen = new ArrayList<>();
        systemd.onSet = u -> {
            try {
                seen.add(fs.read(m.path(Controller.FREEZER), "freezer.state").strip());
            } catch (CgroupException e) {
                throw new IllegalStateException(e);
            }
        };
        m.set(Resources.builder().device(DeviceRule.allow('c', 1, 3, "rwm")).build());
        m.set(Resources.builder().memory(96 * MIB).build());
        m.set(Resources.builder().device(DeviceRule.allow('c', 1, 5, "rwm")).skipFreezeOnSet(true).build());
        assertEquals(List.of("FROZEN", "THAWED", "THAWED"), seen);
        assertEquals(FreezerState.THAWED, m.freezerState());
    }

    @Test
    void v2ApplyPutsTheScopeBelowItsSlice() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        FakeSystemd systemd = new FakeSystemd(fs, true);
        SystemdManager m = manager(fs, systemd, config(Resources.builder().memory(64 * MIB).cpuWeight(200).build())
                .build());
        long pid = fs.spawn();
        m.apply(pid);
        assertEquals(Map.of("", "/sys/fs/cgroup/system.slice/cgroups4j-c1.scope"), m.paths());
        assertEquals(m.paths().get(""), fs.cgroupOf(pid, ""));
        List<String> names = systemd.calls.stream().filter(c -> c.method().equals("StartTransientUnit")).findFirst()
                .orElseThrow().properties().stream().map(UnitProperty::getName).toList();
        assertTrue(names.containsAll(List.of("IOAccounting", "MemoryMax", "CPUWeight")), names.toString());
        m.set(m.config().resources());
        assertEquals(Long.toString(64 * MIB), fs.read(m.paths().get(""), "memory.max").strip());
        fs.exit(pid);
        m.destroy();
        assertFalse(m.exists());
    }

    @Test
    void whatTheDriverRefuses() throws Exception {
        FakeCgroupFs v1 = FakeCgroupFs.modernHybrid();
        FakeSystemd sd = new FakeSystemd(v1, false);
        CgroupException rootless = assertThrows(CgroupException.class, () -> manager(v1, sd,
                config(Resources.empty()).rootless(true).build()));
        assertTrue(rootless.getMessage().contains("rootless"), rootless.getMessage());
        CgroupException unified = assertThrows(CgroupException.class, () -> manager(v1, sd,
                config(Resources.builder().unified("memory.high", "1").build()).build()));
        assertTrue(unified.getMessage().contains("cgroup v2"), unified.getMessage());
        CgroupException path = assertThrows(CgroupException.class, () -> manager(v1, sd,
                CgroupConfig.forPath("/a").systemd(true).build()));
        assertTrue(path.getMessage().contains("needs a name"), path.getMessage());
        CgroupException slice = assertThrows(CgroupException.class, () -> manager(v1, sd,
                CgroupConfig.forName("bad", "x").systemd(true).build()));
        assertTrue(slice.getMessage().contains("invalid slice name: bad"), slice.getMessage());
    }

    @Test
    void rootlessV2UnitsLiveBelowTheUsersManager() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        FakeSystemd systemd = new FakeSystemd(fs, true);
        SystemdManager m = manager(fs, systemd, config(Resources.empty()).parent(null).rootless(true).build());
        assertEquals("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/user.slice/cgroups4j-c1.scope",
                m.paths().get(""));
    }
}
