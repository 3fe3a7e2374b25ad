package io.github.cgroups4j.fs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.fs.LinuxProcFs;
import io.github.cgroups4j.fs.RealCgroups;
import io.github.cgroups4j.fs.v2.Fs2Manager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The v2 manager on this machine's real cgroup2 mount at {@code /sys/fs/cgroup/unified}: it has no controllers, but
 * the core files are real (creation, {@code cgroup.procs}, {@code cgroup.freeze}, {@code cgroup.events},
 * {@code cgroup.kill}). Limits need the VM testbed.
 */
class Fs2ManagerIT {
    @Test
    void joinFreezeThawKillAndRemoveOnTheRealCgroup2() throws Exception {
        try (RealCgroups real = RealCgroups.require("", "memory")) {
            Fs2Manager m = Fs2Manager.create(CgroupConfig.forPath("/" + real.name() + "/job").build(), real.fs(),
                    LinuxProcFs.system());
            assertEquals("/sys/fs/cgroup/unified/" + real.name() + "/job", m.paths().get(""));
            Process sleep = real.startSleep();
            Process sh = new ProcessBuilder("sh", "-c", "while true; do sleep 0.05; done").start();
            try {
                m.apply(sleep.pid());
                m.addPid("", sh.pid());
                assertTrue(Files.readString(Path.of("/proc/" + sleep.pid() + "/cgroup")).contains("0::/"
                        + real.name() + "/job\n"));
                assertTrue(m.pids().containsAll(List.of(sleep.pid(), sh.pid())), "the shell's own sleeps come "
                        + "and go beside them: " + m.pids());
                m.freeze(FreezerState.FROZEN);
                assertEquals(FreezerState.FROZEN, m.freezerState());
                assertTrue(Files.readString(Path.of(m.paths().get(""), "cgroup.events")).contains("frozen 1"));
                m.freeze(FreezerState.THAWED);
                assertEquals(FreezerState.THAWED, m.freezerState());
                CgroupException busy = assertThrows(CgroupException.class, m::destroy);
                assertTrue(busy.is(Errno.EBUSY) && busy.getMessage().contains("nothing was removed"));
                assertTrue(m.exists());
                CgroupException noMemory = assertThrows(CgroupException.class,
                        () -> m.set(Resources.builder().memory(64L << 20).build()));
                assertTrue(noMemory.getMessage().contains("the memory controller is not available to this cgroup "
                        + "(it has: none)"), noMemory.getMessage());
                m.destroy(true); // cgroup.kill on this 6.x kernel
                assertTrue(sleep.waitFor(10, TimeUnit.SECONDS) && sh.waitFor(10, TimeUnit.SECONDS));
                assertEquals(137, sleep.exitValue());
                assertFalse(m.exists());
            } finally {
                sh.destroyForcibly();
                if (m.exists()) {
                    m.destroy(true);
                }
                Fs2Manager.create(CgroupConfig.forPath("/" + real.name()).build(), real.fs(), LinuxProcFs.system())
                        .destroy();
            }
        }
    }

    @Test
    void theMachinesRootIsNotChanged() throws Exception {
        try (RealCgroups real = RealCgroups.require("", "memory")) {
            String before = Files.readString(Path.of("/sys/fs/cgroup/unified/cgroup.subtree_control"));
            Fs2Manager m = Fs2Manager.create(CgroupConfig.forPath("/" + real.name()).build(), real.fs(),
                    LinuxProcFs.system());
            m.apply(CgroupManager.NO_PID);
            // memory is bound to its v1 hierarchy here, so the cgroup2 root cannot offer it
            assertThrows(CgroupException.class, () -> m.set(Resources.builder().memory(64L << 20).build()));
            m.destroy();
            assertEquals(before, Files.readString(Path.of("/sys/fs/cgroup/unified/cgroup.subtree_control")),
                    "no controller enabled in the machine's root for a request it cannot serve");
        }
    }

    @Test
    void aFailedApplyLeavesNothingInTheRealCgroup2() throws Exception {
        try (RealCgroups real = RealCgroups.require("")) {
            Fs2Manager m = Fs2Manager.create(CgroupConfig.forPath("/" + real.name() + "/a/b").build(), real.fs(),
                    LinuxProcFs.system());
            CgroupException e = assertThrows(CgroupException.class, () -> m.apply(999_999_999L));
            assertTrue(e.is(Errno.ENOENT), e.getMessage()); // no such process: found before anything is made
            assertFalse(Files.exists(Path.of("/sys/fs/cgroup/unified", real.name())), "nothing was made");
            m.apply(CgroupManager.NO_PID);
            Fs2Manager.create(CgroupConfig.forPath("/" + real.name()).build(), real.fs(), LinuxProcFs.system())
                    .destroy();
        }
    }

    /** Runs {@code sh} held at a barrier until it is in the cgroup, then returns what it printed. */
    private static String runIn(Fs2Manager m, String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "read go; " + script).redirectErrorStream(true).start();
        try {
            m.apply(p.pid());
            p.getOutputStream().write("go\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void deviceRulesAreEnforcedByTheKernelThroughTheEbpfProgram() throws Exception {
        try (RealCgroups real = RealCgroups.require("", "memory")) {
            Fs2Manager m = Fs2Manager.create(CgroupConfig.forPath("/" + real.name() + "/dev").build(), real.fs(),
                    LinuxProcFs.system());
            try {
                m.apply(CgroupManager.NO_PID);
                // /dev/null and /dev/zero allowed, everything else (/dev/urandom, 1:9) denied
                m.set(Resources.builder().devices(List.of(io.github.cgroups4j.DeviceRule.allow('c', 1, 3, "rwm"),
                        io.github.cgroups4j.DeviceRule.allow('c', 1, 5, "rwm"))).build());
                String script = "head -c 1 /dev/zero > /dev/null && echo zero-ok; "
                        + "head -c 1 /dev/urandom > /dev/null 2>&1 && echo urandom-ok || echo urandom-denied";
                String out = runIn(m, script);
                assertTrue(out.contains("zero-ok") && out.contains("urandom-denied"), out);
                // a new rule set replaces the program: /dev/urandom readable now
                m.set(Resources.builder().devices(List.of(io.github.cgroups4j.DeviceRule.allow('c', 1, 3, "rwm"),
                        io.github.cgroups4j.DeviceRule.allow('c', 1, 9, "r"))).build());
                String again = runIn(m, "head -c 1 /dev/urandom > /dev/null && echo urandom-ok; "
                        + "head -c 1 /dev/zero > /dev/null 2>&1 && echo zero-ok || echo zero-denied");
                assertTrue(again.contains("urandom-ok") && again.contains("zero-denied"), again);
            } finally {
                m.destroy(true);
                Fs2Manager.create(CgroupConfig.forPath("/" + real.name()).build(), real.fs(), LinuxProcFs.system())
                        .destroy();
            }
        }
    }

    @Test
    void aProgramTheVerifierRefusesGivesItsLog() throws Exception {
        try (RealCgroups real = RealCgroups.require("")) {
            String dir = real.create("");
            byte[] exitOnly = {(byte) 0x95, 0, 0, 0, 0, 0, 0, 0}; // returns R0 without setting it
            CgroupException e = assertThrows(CgroupException.class, () -> real.fs().setDeviceProgram(dir, exitOnly));
            assertTrue(e.is(Errno.EACCES), e.getMessage());
            assertTrue(e.getMessage().contains("R0 !read_ok"), "the verifier's own words: " + e.getMessage());
        }
    }
}
