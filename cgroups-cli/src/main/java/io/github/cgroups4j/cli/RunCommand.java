package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.fs.TrackedApply;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.stats.Stats;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import sun.misc.Signal;

/**
 * {@code cgctl run}: the command starts held at a barrier (a shell blocked reading a FIFO), is moved into the cgroup
 * once the limits are in place, and only then is released to {@code exec} the command: the command never runs an
 * instruction outside the cgroup. Signals sent to cgctl are passed on to the command, as {@code docker run} does;
 * cgctl exits with the command's status after one summary. It creates only a cgroup that does not exist yet, and
 * removes at exit exactly what it created (the cgroup and any parents it had to make), with every task in it.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a command under limits; print a summary to stderr; exit with its status (125 when cgctl "
                + "itself fails, 126/127 when the command cannot run). Signals (HUP, INT, TERM, USR1, USR2, WINCH) "
                + "are passed on to the command.")
final class RunCommand implements Callable<Integer> {
    /** The signals passed on to the command, by number (Linux). SIGQUIT stays the JVM's (see the README). */
    static final Map<String, Integer> FORWARDED = Map.of("HUP", 1, "INT", 2, "TERM", 15, "USR1", 10, "USR2", 12,
            "WINCH", 28);

    @ParentCommand
    Cgctl parent;

    @Mixin
    LimitOptions limits;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The cgroup path (default /cgctl-run-<pid>); with --driver systemd, slice:prefix:name "
                    + "(default system.slice:cgctl:run-<pid>, the unit cgctl-run-<pid>.scope). It must not exist yet.")
    String name;

    @Option(names = "--driver", paramLabel = "DRIVER", defaultValue = "fs",
            description = "fs (the cgroupfs, default) or systemd (a transient scope over D-Bus).")
    String driver;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> command;

    private CgroupManager manager;
    private CgroupFs fs;
    private volatile List<String> created = List.of();
    private volatile Process child;
    /** systemd: a sleeper in the scope, so that the scope (and its statistics) outlive the command until cgctl is done. */
    private volatile Process holder;
    /** The OOM watch: an OOM kill is reported the moment the kernel tells. */
    private volatile io.github.cgroups4j.events.EventSubscription oomWatch;
    /** Whether the manager's apply succeeded: only then is there a cgroup (or a unit) of this run to destroy. */
    private volatile boolean applied;
    private Path fifoDir;
    private boolean cleaned;

    @Override
    public Integer call() throws Exception {
        boolean systemd = Host.check(driver);
        String path = name != null ? name : systemd ? "system.slice:cgctl:run-" + ProcessHandle.current().pid()
                : "/cgctl-run-" + ProcessHandle.current().pid();
        if (systemd && path.endsWith(".slice")) {
            throw new IllegalArgumentException("--driver systemd: --name " + path + " is a slice; a command runs in a "
                    + "scope (slice:prefix:name with a name not ending in .slice)");
        }
        checkExecutable(command.get(0));
        manager = parent.host.manager(limits.config(path, driver, parent.host).build(), driver);
        fs = parent.host.fs();
        limits.warnAboutV1(manager);
        Ownership.refuseExistingUnit(manager, path);
        List<String> there = Ownership.existingIn(manager, fs);
        if (!there.isEmpty()) {
            throw new CliError(Cgctl.FAILED, "cgroup " + path + " exists (" + String.join(", ", there)
                    + "); choose another name");
        }
        created = Ownership.missing(manager, fs);
        // registered before anything is made: a signal that ends the JVM from here on (before forwarding is in
        // place) cleans up what was made
        Thread hook = new Thread(this::cleanUpAtShutdown, "cgctl-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Path fifo;
        try {
            // the setup holds the lock that cleanUp takes: a cleanup at shutdown comes after it, not in its middle
            // (it would miss what the rest of the setup makes), and once the cleanup has run nothing more is made
            synchronized (this) {
                if (cleaned) {
                    return Cgctl.FAILED; // the JVM is exiting on a signal, which sets the exit status
                }
                fifoDir = Files.createTempDirectory("cgctl-");
                fifo = fifoDir.resolve("go");
                Process mk = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).inheritIO().start();
                if (mk.waitFor() != 0) {
                    throw new IOException("mkfifo " + fifo + " failed");
                }
                // the barrier: $0 is "cgctl" (it names the shell in any message); the FIFO comes in the environment
                // and is gone before the command runs
                List<String> argv = new ArrayList<>(List.of("sh", "-c",
                        "f=$CGCTL_BARRIER; unset CGCTL_BARRIER; read _ < \"$f\" && exec \"$@\"", "cgctl"));
                argv.addAll(command);
                ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
                pb.environment().put("CGCTL_BARRIER", fifo.toString());
                child = pb.start();
                forwardSignals();
                setUp(systemd, path);
            }
            if (child.isAlive() && applied) {
                watchOom();
            }
            if (child.isAlive()) {
                release(fifo, child);
            }
            // the barrier is passed: the FIFO goes now, not at the end, so that a cgctl killed with SIGKILL while the
            // command runs leaves no directory in /tmp
            removeFifo();
            int status = child.waitFor();
            synchronized (this) {
                if (cleaned) {
                    return status; // the JVM is shutting down and the hook cleaned up: no second summary
                }
                String summary = summary(status);
                List<String> problems = cleanUp();
                System.err.println(summary);
                if (!problems.isEmpty()) {
                    System.err.println("cgctl: cleanup failed: " + String.join("; ", problems));
                    return status != 0 ? status : Cgctl.RUN_FAILED;
                }
                return status;
            }
        } finally {
            List<String> problems = cleanUp();
            if (!problems.isEmpty()) {
                System.err.println("cgctl: cleanup failed: " + String.join("; ", problems));
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    /**
     * Releases the command from the barrier: "go" written to the FIFO it reads. Opening a FIFO to write waits for its
     * reader; should the command die first (a signal passed on to it), that open would wait for ever, so it is made
     * on a thread of its own, and a dead command's part is played here (opening the FIFO to read lets the open end).
     */
    static void release(Path fifo, Process child) throws IOException, InterruptedException {
        IOException[] failed = new IOException[1];
        Thread writer = new Thread(() -> {
            try (OutputStream go = new FileOutputStream(fifo.toFile())) {
                go.write("go\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                failed[0] = e;
            }
        }, "cgctl-barrier");
        writer.setDaemon(true);
        writer.start();
        while (writer.isAlive()) {
            writer.join(50);
            if (writer.isAlive() && !child.isAlive()) {
                try (java.io.FileInputStream unblock = new java.io.FileInputStream(fifo.toFile())) {
                    unblock.readAllBytes(); // the writer's open ends; what it writes goes nowhere
                } catch (IOException e) {
                    // the FIFO went (a cleanup): nothing will read it; the daemon writer does not hold the JVM
                    return;
                }
            }
        }
        if (failed[0] != null && child.isAlive()) {
            throw failed[0];
        }
    }

    /** Makes the cgroup, sets the limits and moves the command in (still held at the barrier). */
    private void setUp(boolean systemd, String path) throws CgroupException, IOException {
        try {
            if (systemd) {
                // a scope is made with a process in it: the holder first (systemd puts it in the scope with the
                // limits as properties), then the limits on the cgroupfs, then the command joins
                holder = new ProcessBuilder("sleep", "2147483647").start();
                manager.apply(holder.pid());
                applied = true;
                manager.set(manager.config().resources());
                manager.addPid("", child.pid());
            } else if (manager instanceof TrackedApply t) {
                // the cgroup did not exist when checked above; one that appeared since is not joined
                io.github.cgroups4j.fs.Applied a = t.applyTracked(CgroupManager.NO_PID);
                Ownership.requireCreated(t, a, path, fs);
                // what is removed at the end: what this apply made, parents included (not what was missing
                // when checked: another run may have made a parent since, and use it)
                List<String> made = new ArrayList<>(a.created());
                java.util.Collections.reverse(made);
                created = made;
                applied = true;
                manager.set(manager.config().resources());
                manager.apply(child.pid());
            } else {
                manager.apply(CgroupManager.NO_PID);
                applied = true;
                manager.set(manager.config().resources());
                manager.apply(child.pid());
            }
        } catch (CgroupException e) {
            if (child.isAlive()) {
                throw e;
            }
            // a signal ended the command while its cgroup was being set up: report that, not the ESRCH
        }
    }

    /** As a shell: a command that is not there is 127, one that cannot be executed 126; nothing is created. */
    private static void checkExecutable(String cmd) {
        if (cmd.contains("/")) {
            File f = new File(cmd);
            if (!f.exists()) {
                throw new CliError(Cgctl.NOT_FOUND, cmd + ": command not found");
            }
            if (f.isDirectory()) {
                throw new CliError(Cgctl.CANNOT_EXECUTE, cmd + ": is a directory");
            }
            if (!f.canExecute()) {
                throw new CliError(Cgctl.CANNOT_EXECUTE, cmd + ": permission denied");
            }
            return;
        }
        String pathVar = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : pathVar.split(":")) {
            File f = new File(dir.isEmpty() ? "." : dir, cmd);
            if (f.isFile() && f.canExecute()) {
                return;
            }
        }
        throw new CliError(Cgctl.NOT_FOUND, cmd + ": command not found");
    }

    /**
     * Passes HUP, INT, TERM, USR1, USR2 and WINCH on to the command with {@code kill(2)}. When cgctl runs in the
     * foreground of a terminal, the terminal's own INT and WINCH already reach the command (it is in cgctl's
     * process group), so those two are not sent a second time.
     */
    private void forwardSignals() {
        boolean terminal = Posix.inForegroundOfATerminal();
        for (Map.Entry<String, Integer> e : FORWARDED.entrySet()) {
            if (terminal && (e.getKey().equals("INT") || e.getKey().equals("WINCH"))) {
                Signal.handle(new Signal(e.getKey()), s -> {
                    // the terminal delivered it to the command too
                });
                continue;
            }
            int number = e.getValue();
            Signal.handle(new Signal(e.getKey()), s -> {
                Process c = child;
                if (c != null && c.isAlive()) {
                    Posix.kill(c.pid(), number);
                }
            });
        }
    }

    private void watchOom() {
        try {
            oomWatch = manager.events(io.github.cgroups4j.events.EventRequest.oom(), Runnable::run, e -> {
                if (e.kind() == io.github.cgroups4j.events.EventKind.OOM_KILL) {
                    System.err.println("cgctl: out of memory: the kernel killed a task of the command (oom kills "
                            + e.counters().getOrDefault("oom_kill", 0L) + ")");
                }
            });
        } catch (CgroupException e) {
            // the summary still counts OOM kills; the moment is lost
            System.err.println("cgctl: warning: OOM kills will be reported only at exit: " + e.getMessage());
        }
    }

    private String summary(int status) {
        StringBuilder sb = new StringBuilder("cgctl: exit ").append(status);
        int all = manager.paths().size();
        if (Ownership.existingIn(manager, fs).size() < all) {
            return removedFromOutside(status);
        }
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
        if (Ownership.existingIn(manager, fs).size() < all) {
            return removedFromOutside(status); // it went while the numbers were read: they are not the whole truth
        }
        return sb.append(" | oom kills ").append(ooms).toString();
    }

    /** The cgroup (or part of it) went while the command ran: say so rather than print numbers of nothing. */
    private static String removedFromOutside(int status) {
        return "cgctl: exit " + status + (status > 128 ? " (killed by signal " + (status - 128) + ")" : "")
                + " | no statistics: the cgroup was removed from outside cgctl";
    }

    private synchronized void cleanUpAtShutdown() {
        List<String> problems = cleanUp();
        if (!problems.isEmpty()) {
            System.err.println("cgctl: cleanup failed: " + String.join("; ", problems));
        }
    }

    /**
     * Ends the command and every task left in the cgroup (all started by it), removes the cgroup and the parents
     * this run created, and the FIFO. Once.
     *
     * @return what went wrong, empty when all is gone
     */
    synchronized List<String> cleanUp() {
        if (cleaned) {
            return List.of();
        }
        cleaned = true;
        List<String> problems = new ArrayList<>();
        io.github.cgroups4j.events.EventSubscription w = oomWatch;
        if (w != null) {
            w.close();
        }
        try {
            Process c = child;
            if (c != null && c.isAlive()) {
                c.destroyForcibly();
            }
            if (manager != null && !created.isEmpty() && applied) {
                // (a failed apply removed what it made itself; a systemd unit of that name is then not this run's)
                manager.destroy(true); // freeze, kill what is left (the holder too), thaw, remove
                if (!(manager instanceof io.github.cgroups4j.systemd.SystemdManager)) {
                    // (systemd's parent slices are its units: their directories are not removed under them)
                    problems.addAll(Ownership.removeParents(created, fs).stream()
                            .map(d -> "left " + d + ": it has other cgroups now").toList());
                }
            }
        } catch (CgroupException | RuntimeException e) {
            // (any failure here is a cleanup problem, reported after the summary: the command's status stays)
            problems.add(e instanceof CgroupException ? e.getMessage() : e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        } finally {
            Process h = holder;
            if (h != null && h.isAlive()) {
                h.destroyForcibly(); // it never got into a cgroup of this run's
            }
            removeFifo();
        }
        return problems;
    }

    private synchronized void removeFifo() {
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
