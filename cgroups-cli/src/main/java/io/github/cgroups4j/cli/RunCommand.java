package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.stats.Stats;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgctl run}: the command starts held at a barrier (a shell blocked reading a FIFO), is moved into the cgroup
 * once the limits are in place, and only then is released to {@code exec} the command: the command never runs an
 * instruction outside the cgroup. The cgroup is removed in every outcome (exit, OOM kill, SIGINT/SIGTERM).
 */
@Command(name = "run", description = "Run a command under limits; print a summary to stderr; exit with its status.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Cgctl parent;

    @Mixin
    LimitOptions limits;

    @Option(names = "--name", paramLabel = "PATH",
            description = "The cgroup path (default /cgctl-run-<pid>); it must not exist yet.")
    String name;

    @Option(names = "--driver", paramLabel = "DRIVER", defaultValue = "fs",
            description = "fs (cgroupfs); systemd in a later release.")
    String driver;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> command;

    private CgroupManager manager;
    private Process child;
    private Path fifoDir;
    private boolean cleaned;

    @Override
    public Integer call() throws Exception {
        String path = name != null ? name : "/cgctl-run-" + ProcessHandle.current().pid();
        manager = parent.host.manager(limits.config(path).build(), driver);
        if (manager.exists()) {
            throw new IllegalArgumentException("--name " + path + ": the cgroup exists already");
        }
        fifoDir = Files.createTempDirectory("cgctl-");
        Path fifo = fifoDir.resolve("go");
        Process mk = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).inheritIO().start();
        if (mk.waitFor() != 0) {
            throw new IOException("mkfifo " + fifo + " failed");
        }
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "read _ < \"$0\" && exec \"$@\"", fifo.toString()));
        argv.addAll(command);
        Thread hook = new Thread(this::cleanUp, "cgctl-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            child = new ProcessBuilder(argv).inheritIO().start();
            manager.apply(CgroupManager.NO_PID);
            manager.set(manager.config().resources());
            manager.apply(child.pid());
            if (!child.isAlive()) {
                throw new IOException("the command's barrier shell ended before it was released");
            }
            try (OutputStream go = new FileOutputStream(fifo.toFile())) {
                go.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            int status = child.waitFor();
            String summary = summary(status);
            cleanUp();
            System.err.println(summary);
            return status;
        } finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private String summary(int status) {
        StringBuilder sb = new StringBuilder("cgctl: exit ").append(status);
        long ooms = 0;
        try {
            ooms = manager.oomKillCount();
            Stats s = manager.stats();
            if (status > 128) {
                sb.append(" (killed by signal ").append(status - 128).append(ooms > 0 && status == 137
                        ? ", out of memory" : "").append(')');
            }
            sb.append(" | peak memory ").append(Sizes.format(s.memory().usage().maxUsage()));
            sb.append(String.format(Locale.ROOT, " | cpu %.2f s", s.cpu().usage().totalUsage() / 1e9));
            sb.append(String.format(Locale.ROOT, " | throttled %.2f s", s.cpu().throttling().throttledTime() / 1e9));
        } catch (CgroupException e) {
            sb.append(" | statistics unavailable: ").append(e.getMessage());
        }
        return sb.append(" | oom kills ").append(ooms).toString();
    }

    /** Kills what is left in the cgroup (all of it started by this command), removes the cgroup and the FIFO. */
    synchronized void cleanUp() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        try {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
            if (manager != null && manager.exists()) {
                for (int round = 0; round < 100; round++) {
                    List<Long> left = manager.allPids();
                    if (left.isEmpty()) {
                        break;
                    }
                    for (long pid : left) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    }
                    Thread.sleep(10);
                }
                if (child != null) {
                    child.waitFor(5, TimeUnit.SECONDS);
                }
                manager.destroy();
            }
        } catch (CgroupException e) {
            System.err.println("cgctl: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (fifoDir != null) {
                try {
                    Files.deleteIfExists(fifoDir.resolve("go"));
                    Files.deleteIfExists(fifoDir);
                } catch (IOException ignored) {
                    // a temp file; nothing to do
                }
            }
        }
    }
}
