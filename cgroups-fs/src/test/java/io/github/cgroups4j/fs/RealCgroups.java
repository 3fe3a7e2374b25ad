package io.github.cgroups4j.fs;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.fs.internal.nativeio.Syscalls;
import io.github.cgroups4j.parse.MountInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Cgroups and processes of one test on the real cgroupfs, by the rules of the project's testing notes: cgroups only
 * under {@code cgroups4j-test-<random>} directly below each hierarchy root, only processes this test started, and
 * everything removed in every outcome ({@link #close()} from {@code @AfterEach}, and a shutdown hook as a safety
 * net).
 *
 * <p>Without root or a cgroup mount the test is skipped with the reason; with {@code -Dcgroups4j.it.required=true}
 * (as {@code .ci/run} sets) it fails instead.
 */
public final class RealCgroups implements AutoCloseable {
    /** Every test cgroup's name starts with this. */
    public static final String PREFIX = "cgroups4j-test-";
    private static final Set<RealCgroups> LIVE = Collections.synchronizedSet(new LinkedHashSet<>());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (RealCgroups r : List.copyOf(LIVE)) {
                r.close();
            }
        }, "cgroups4j-test-cleanup"));
    }

    private final String name = PREFIX + UUID.randomUUID().toString().substring(0, 8);
    private final NativeCgroupFs fs;
    private final MountInfo mounts;
    private final List<String> created = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private RealCgroups(NativeCgroupFs fs, MountInfo mounts) {
        this.fs = fs;
        this.mounts = mounts;
        LIVE.add(this);
    }

    /**
     * @param controllers v1 controllers the test needs (or {@code ""} for the cgroup2 mount)
     * @return a fresh helper
     */
    public static RealCgroups require(String... controllers) {
        String missing = null;
        MountInfo mi = null;
        if (Syscalls.geteuid() != 0) {
            missing = "not root";
        } else {
            try {
                mi = MountInfo.parse(LinuxProcFs.system().mountInfo());
                for (String c : controllers) {
                    Optional<MountInfo.Mount> m = c.isEmpty() ? mi.unifiedMount() : mi.v1Mount(c);
                    if (m.isEmpty()) {
                        missing = "no " + (c.isEmpty() ? "cgroup2" : "cgroup v1 " + c) + " mount";
                        break;
                    }
                }
            } catch (CgroupException e) {
                missing = "cannot read mountinfo: " + e.getMessage();
            }
        }
        if (missing != null) {
            String why = "needs root and a real cgroupfs: " + missing;
            if (Boolean.getBoolean("cgroups4j.it.required")) {
                fail(why + " (cgroups4j.it.required=true, so this is a failure, not a skip)");
            }
            Assumptions.abort(why);
        }
        try {
            return new RealCgroups(NativeCgroupFs.open(), mi);
        } catch (CgroupException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the cgroupfs */
    public NativeCgroupFs fs() {
        return fs;
    }

    /** @return this test's top-level cgroup name */
    public String name() {
        return name;
    }

    /**
     * @param controller a v1 controller, or {@code ""} for the cgroup2 mount
     * @return its mount point
     */
    public String mount(String controller) {
        Optional<MountInfo.Mount> m = controller.isEmpty() ? mounts.unifiedMount() : mounts.v1Mount(controller);
        return m.orElseThrow().mountPoint();
    }

    /**
     * @param controller a v1 controller, or {@code ""} for the cgroup2 mount
     * @param sub path components below the test's cgroup
     * @return the absolute path of {@code <mount>/<name>/<sub...>} (not created)
     */
    public String path(String controller, String... sub) {
        StringBuilder sb = new StringBuilder(mount(controller)).append('/').append(name);
        for (String s : sub) {
            sb.append('/').append(s);
        }
        return sb.toString();
    }

    /**
     * Creates {@code <mount>/<name>/<sub...>} (and the test's top cgroup), tracked for removal.
     *
     * @param controller a v1 controller, or {@code ""}
     * @param sub path components below the test's cgroup
     * @return the absolute path
     * @throws CgroupException if mkdir fails
     */
    public String create(String controller, String... sub) throws CgroupException {
        String top = path(controller);
        track(top);
        String p = top;
        for (String s : sub) {
            p = p + "/" + s;
            track(p);
        }
        return p;
    }

    private void track(String dir) throws CgroupException {
        if (fs.mkdir(dir)) {
            created.add(dir);
        }
    }

    /**
     * Starts {@code sleep 300}, ended by {@link #close()}.
     *
     * @return the process
     * @throws IOException if it cannot start
     */
    public Process startSleep() throws IOException {
        Process p = new ProcessBuilder("sleep", "300").start();
        processes.add(p);
        return p;
    }

    /** Ends the processes this test started, then removes its cgroups, leaves first; reports what it could not. */
    @Override
    public synchronized void close() {
        for (Process p : processes) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        List<String> failed = new ArrayList<>();
        for (int i = created.size() - 1; i >= 0; i--) {
            if (!removeTree(created.get(i))) {
                failed.add(created.get(i));
            }
        }
        created.clear();
        // what a manager under test made below this test's unique name, in any hierarchy (the top included, when the
        // test let a manager create it): still this test's, removed the same way
        for (MountInfo.Mount m : mounts.cgroupMounts()) {
            String top = m.mountPoint() + "/" + name;
            if (!removeTree(top)) {
                failed.add(top);
            }
        }
        LIVE.remove(this);
        fs.close();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("test cgroups left behind: " + failed);
        }
    }

    private boolean removeTree(String dir) {
        try {
            if (!fs.exists(dir)) {
                return true;
            }
            for (String child : fs.list(dir)) {
                removeTree(dir + "/" + child);
            }
            for (int attempt = 0; attempt < 50; attempt++) {
                try {
                    fs.rmdir(dir);
                    return true;
                } catch (CgroupException e) {
                    if (e.is(Errno.ENOENT)) {
                        return true;
                    }
                    if (!e.is(Errno.EBUSY)) {
                        return false;
                    }
                    Thread.sleep(20);
                }
            }
        } catch (CgroupException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
