package io.github.cgroups4j.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupManagers;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.systemd.internal.DbusBus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The systemd driver against systemd 252 as PID 1 on pure cgroup v2 with controllers: run by {@code .ci/run} in the
 * VM ({@code .ci/vm/run.sh --systemd}).
 */
class SystemdVmIT {
    private static final long MIB = 1024 * 1024;
    private static final String SCOPE = "org.freedesktop.systemd1.Scope";
    private static DbusBus bus;
    private final RealSystemd real = new RealSystemd();

    @BeforeAll
    static void systemdOnV2() {
        Optional<String> why = Systemd.unavailabilityCause();
        if (why.isEmpty() && !Files.exists(Path.of("/sys/fs/cgroup/cgroup.subtree_control"))) {
            why = Optional.of("not a cgroup v2 host");
        }
        if (why.isPresent()) {
            if (Boolean.getBoolean("cgroups4j.vm.required")) {
                fail("needs systemd as PID 1 on cgroup v2 (.ci/vm/run.sh --systemd): " + why.get());
            }
            Assumptions.abort("needs systemd as PID 1 on cgroup v2 (.ci/vm/run.sh --systemd): " + why.get());
        }
        bus = DbusBus.system();
    }

    @AfterEach
    void cleanUp() {
        real.close();
    }

    private SystemdManager manager(Resources r) throws CgroupException {
        CgroupManager m = CgroupManagers.create(SystemdNames.parse("system.slice:cgroups4j-vm:"
                + UUID.randomUUID().toString().substring(0, 8)).resources(r).build());
        real.track(m);
        return (SystemdManager) m;
    }

    @Test
    void aScopeWithMemoryMaxCpuWeightAndTasksMax() throws Exception {
        SystemdManager m = manager(Resources.builder().memory(64 * MIB).cpuWeight(300).pidsLimit(32).build());
        Process p = real.startWaiting("sleep 300");
        m.apply(p.pid());
        m.set(m.config().resources());
        String dir = m.paths().get("");
        assertEquals("/sys/fs/cgroup/system.slice/" + m.unit(), dir);
        assertTrue(RealSystemd.read(dir, "cgroup.procs").contains(Long.toString(p.pid())));
        assertEquals(Long.toString(64 * MIB), RealSystemd.read(dir, "memory.max"));
        assertEquals("300", RealSystemd.read(dir, "cpu.weight"));
        assertEquals("32", RealSystemd.read(dir, "pids.max"));
        assertEquals(Long.toString(64 * MIB), RealSystemd.show(m.unit(), "MemoryMax"));
        assertEquals("300", RealSystemd.show(m.unit(), "CPUWeight"));
        assertEquals("32", RealSystemd.show(m.unit(), "TasksMax"));
        assertEquals("yes", RealSystemd.show(m.unit(), "Delegate"));
        assertEquals("/system.slice/" + m.unit(), bus.unitProperty(m.unit(), SCOPE, "ControlGroup").orElseThrow()
                .toString());

        m.set(Resources.builder().memory(96 * MIB).build());
        assertEquals(Long.toString(96 * MIB), RealSystemd.read(dir, "memory.max"));
        assertEquals(Long.toString(96 * MIB), RealSystemd.show(m.unit(), "MemoryMax"));

        m.destroy(true);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(bus.unitProperty(m.unit(), SCOPE, "ControlGroup").isEmpty(), "the unit is gone");
        assertFalse(Files.exists(Path.of(dir)));
    }

    @Test
    void aTwoHundredMibAllocationUnderSixtyFourMibIsOomKilled() throws Exception {
        SystemdManager m = manager(Resources.builder().memory(64 * MIB).memorySwap(64 * MIB).build());
        // the sleeper keeps the scope populated: systemd removes an empty scope's cgroup at once
        Process p = real.startWaiting("sleep 300 & head -c 209715200 /dev/zero | tail > /dev/null");
        m.apply(p.pid());
        m.set(m.config().resources());
        OutputStream in = p.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
        assertTrue(m.oomKillCount() >= 1, "oom_kill " + m.oomKillCount());
        m.destroy(true);
        assertFalse(m.exists());
    }

    @Test
    void cgctlRunsUnderSystemd() throws Exception {
        String jar = System.getProperty("cgctl.jar");
        Assumptions.assumeTrue(jar != null && Files.exists(Path.of(jar)), "cgctl's jar is built");
        String unit = "cgroups4j-vm-cli" + UUID.randomUUID().toString().substring(0, 4);
        Process p = new ProcessBuilder("java", "-jar", jar, "run", "--driver", "systemd", "--name",
                "system.slice::" + unit, "--memory", "64M", "--memory-swap", "64M", "--", "sh", "-c",
                "grep -q " + unit + ".scope /proc/self/cgroup && head -c 209715200 /dev/zero | tail").start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(137, p.exitValue(), err);
        assertTrue(err.contains("out of memory") && err.contains("oom kills 1"), err);
        // printed by the OOM watch as the kill happens, not by the exit summary
        assertTrue(err.contains("the kernel killed a task of the command"), err);
        assertTrue(bus.unitProperty(unit + ".scope", SCOPE, "ControlGroup").isEmpty(), "the unit is gone");
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/system.slice/" + unit + ".scope")));
    }
}
