package io.github.cgroups4j.fs.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.fs.LinuxProcFs;
import io.github.cgroups4j.fs.NativeCgroupFs;
import io.github.cgroups4j.fs.RealCgroups;
import io.github.cgroups4j.fs.v1.FsManager;
import io.github.cgroups4j.spi.CgroupFs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real cgroup of a test, managed by an FsManager, with the children the test started. Children wait at a
 * barrier ({@code read go}) until they are in the cgroup, so they never run their work outside it. {@link #close()}
 * kills every process in the cgroup (all started by this test), destroys the cgroup, and checks that no directory
 * of its name is left in any hierarchy.
 */
final class ManagedCgroup implements AutoCloseable {
    final String name = RealCgroups.PREFIX + UUID.randomUUID().toString().substring(0, 8);
    final TracingCgroupFs fs;
    final NativeCgroupFs nativeFs;
    FsManager manager;
    private final List<Process> children = new ArrayList<>();

    ManagedCgroup() throws CgroupException {
        RealCgroups.require("memory", "cpu", "cpuacct", "cpuset", "pids", "freezer", "devices").close();
        nativeFs = NativeCgroupFs.open();
        fs = new TracingCgroupFs(nativeFs);
    }

    FsManager manager(CgroupConfig.Builder config) throws CgroupException {
        manager = FsManager.create(config.path("/" + name).build(), fs, LinuxProcFs.system());
        return manager;
    }

    CgroupFs fs() {
        return fs;
    }

    /** Starts {@code sh -c 'read go; SCRIPT'}: it waits for {@link #release(Process)}. */
    Process start(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "read go; " + script).redirectErrorStream(true).start();
        children.add(p);
        return p;
    }

    static void release(Process p) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException, CgroupException {
        try {
            if (manager != null && manager.exists()) {
                // every process in the cgroup was started by this test (its children and their children)
                for (long pid : manager.allPids()) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
                manager.freeze(io.github.cgroups4j.FreezerState.THAWED);
            }
            for (Process p : children) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            if (manager != null) {
                for (int i = 0; i < 50 && manager.exists() && !manager.allPids().isEmpty(); i++) {
                    Thread.sleep(20);
                }
                manager.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while cleaning up " + name, e);
        } finally {
            nativeFs.close();
        }
        try (Stream<Path> s = Files.find(Path.of("/sys/fs/cgroup"), 2,
                (p, a) -> p.getFileName() != null && p.getFileName().toString().equals(name))) {
            List<Path> left = s.toList();
            assertTrue(left.isEmpty(), "cgroups left behind: " + left);
        }
    }

    /** An apply that puts a child in the cgroup after the limits are in place (a memory cgroup a test process joins is always limited). */
    void applyLimitsThenJoin(Process p) throws CgroupException {
        manager.apply(CgroupManager.NO_PID);
        manager.set(manager.config().resources());
        manager.apply(p.pid());
    }
}
