package io.github.cgroups4j.fs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.fs.LinuxProcFs;
import io.github.cgroups4j.fs.RealCgroups;
import io.github.cgroups4j.fs.v1.FsManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * [H] Crash recovery on the real kernel: a JVM applying a container's cgroup is SIGKILLed before each change it
 * makes in turn (every mkdir and write of create, set and join), its task running on; a manager rebuilt from the
 * config (even steps) or from the paths the dead JVM saved (odd steps) then removes everything with
 * {@code destroy(true)}, the orphaned task included, and nothing of anyone else's is touched.
 */
class CrashRecoveryIT {
    private static Process child(String path, int stopAt) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CrashChild.class.getName(), path, Integer.toString(stopAt))
                .redirectErrorStream(true).start();
    }

    private static List<Path> leftovers(String name) throws Exception {
        try (Stream<Path> s = Files.find(Path.of("/sys/fs/cgroup"), 3, (p, a) -> p.toString().contains(name))) {
            return s.toList();
        }
    }

    @Test
    void killedAtEveryStepOfApplyEverythingIsRecovered() throws Exception {
        RealCgroups.require("memory", "cpu", "pids", "devices").close();
        String path = "/" + RealCgroups.PREFIX + "crash-" + UUID.randomUUID().toString().substring(0, 8);
        int steps = -1;
        for (int stopAt = 1; steps < 0 || stopAt <= steps; stopAt++) {
            Process p = child(path, stopAt);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long sleepPid = -1;
            Map<String, String> saved = new LinkedHashMap<>();
            String line;
            int lastStep = 0;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("sleep ")) {
                    sleepPid = Long.parseLong(line.substring(6));
                } else if (line.startsWith("paths ")) {
                    for (String kv : line.substring(6).split(" ")) {
                        saved.put(kv.startsWith("-=") ? "" : kv.substring(0, kv.indexOf('=')),
                                kv.substring(kv.indexOf('=') + 1));
                    }
                } else if (line.startsWith("step ")) {
                    lastStep = Integer.parseInt(line.substring(5));
                } else if (line.equals("paused") || line.equals("done")) {
                    break;
                }
            }
            if (line != null && line.equals("done")) {
                steps = lastStep; // a run without a stop: this many changes in all
            }
            p.destroyForcibly(); // SIGKILL, mid-apply
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            long orphan = sleepPid;
            try {
                FsManager m = stopAt % 2 == 0
                        ? FsManager.create(CrashChild.config(path), io.github.cgroups4j.fs.NativeCgroupFs.shared(),
                                LinuxProcFs.system())
                        : FsManager.load(CrashChild.config(path), saved, io.github.cgroups4j.fs.NativeCgroupFs.shared(),
                                LinuxProcFs.system());
                m.destroy(true);
                if (ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)) {
                    assertFalse(Files.readString(Path.of("/proc/" + orphan + "/cgroup")).contains(path + "\n"),
                            "a task left in the cgroup after destroy(true), killed before change " + stopAt);
                }
                // the parents the apply made: the test's, removed the same way
                FsManager.create(io.github.cgroups4j.CgroupConfig.forPath(path).build(),
                        io.github.cgroups4j.fs.NativeCgroupFs.shared(), LinuxProcFs.system()).destroy();
                assertEquals(List.of(), leftovers(path.substring(1)), "killed before change " + stopAt);
            } finally {
                ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (steps < 0 && stopAt > 200) {
                throw new AssertionError("the child never finished its apply");
            }
        }
        assertTrue(steps > 10, "an apply of a container makes more changes than that: " + steps);
        System.out.println("crash recovery: killed before each of the " + steps + " changes of create, set and join; "
                + "all recovered");
    }
}
