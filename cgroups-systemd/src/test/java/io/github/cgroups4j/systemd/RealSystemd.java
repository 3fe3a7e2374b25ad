package io.github.cgroups4j.systemd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the real-systemd suites share: processes they start, managers they clean up, systemctl and the files. */
final class RealSystemd implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();
    private final List<CgroupManager> managers = new ArrayList<>();

    <M extends CgroupManager> M track(M m) {
        managers.add(m);
        return m;
    }

    /** {@code sh -c 'read go; SCRIPT'}: it waits for {@link #release(Process)}. */
    Process startWaiting(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "read go; " + script).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    static void release(Process p) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    static String read(String dir, String file) throws IOException {
        return Files.readString(Path.of(dir, file)).strip();
    }

    static String show(String unit, String property) throws Exception {
        Process p = new ProcessBuilder("systemctl", "show", "-p", property, "--value", unit).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    /** Ends what the test started, then destroys (killing) every manager's cgroup and unit. */
    @Override
    public void close() {
        started.forEach(Process::destroyForcibly);
        for (CgroupManager m : managers) {
            try {
                m.destroy(true);
            } catch (CgroupException e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
    }
}
