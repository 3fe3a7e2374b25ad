package io.github.cgroups4j.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import io.github.cgroups4j.testkit.Fault;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * [H] The fault matrix: a container's whole life (apply, set, join, freeze, thaw, addPid, destroy) runs once
 * cleanly on the fake; then, for every file system operation of that run and each of EINTR, EAGAIN, EBUSY, ENOSPC,
 * EIO, EACCES and ENOENT, the life runs again with that one operation failing once. Each call either succeeds
 * (retrying where the kernel's semantics allow: EBUSY on rmdir) or throws a CgroupException carrying that errno; a
 * failed apply leaves nothing of the cgroup; a pre-existing cgroup is never changed; no process is ever left in a
 * removed cgroup; and once the faults are gone, {@code destroy(true)} brings the machine back to what it was.
 * The cases are generated from the clean run's operation log, so a new operation is covered without editing this.
 */
class FaultMatrixTest {
    private static final List<Errno> ERRNOS = List.of(Errno.EINTR, Errno.EAGAIN, Errno.EBUSY, Errno.ENOSPC, Errno.EIO,
            Errno.EACCES, Errno.ENOENT);
    private static final Resources LIMITS = Resources.builder().memory(64L << 20).cpuQuota(50_000)
            .cpuPeriod(100_000).pidsLimit(32).build();

    /** One machine with a pre-existing cgroup and two processes. */
    private static final class World {
        final FakeCgroupFs fs;
        final String preExisting;
        final long pid;
        final long pid2;
        final TreeSet<String> baseline;

        World(String version) throws CgroupException {
            fs = version.equals("v1") ? FakeCgroupFs.modernHybrid() : FakeCgroupFs.unified();
            String memRoot = version.equals("v1") ? "/sys/fs/cgroup/memory" : "/sys/fs/cgroup";
            if (version.equals("v2")) {
                fs.write("/sys/fs/cgroup", "cgroup.subtree_control", "+memory +cpu +pids");
            }
            preExisting = memRoot + "/pre";
            fs.mkdir(preExisting);
            fs.write(preExisting, version.equals("v1") ? "memory.limit_in_bytes" : "memory.max", "1G");
            pid = fs.spawn();
            pid2 = fs.spawn();
            baseline = tree(fs);
            fs.clearOperations();
        }
    }

    /** Every cgroup directory of every mount. */
    private static TreeSet<String> tree(FakeCgroupFs fs) {
        return new TreeSet<>(fs.directories());
    }

    /** The container's life; returns the index of the call that failed, or -1. */
    private static int life(World w, CgroupManager m, List<CgroupException> failure) {
        List<Call> calls = List.of(() -> m.apply(CgroupManager.NO_PID), () -> m.set(LIMITS), () -> m.apply(w.pid),
                () -> m.freeze(FreezerState.FROZEN), () -> m.freeze(FreezerState.THAWED), () -> m.addPid("", w.pid2),
                () -> {
                    w.fs.exit(w.pid);
                    w.fs.exit(w.pid2);
                }, m::destroy);
        for (int i = 0; i < calls.size(); i++) {
            try {
                calls.get(i).run();
            } catch (CgroupException e) {
                failure.add(e);
                return i;
            }
        }
        return -1;
    }

    private interface Call {
        void run() throws CgroupException;
    }

    private static CgroupManager manager(World w) throws CgroupException {
        return CgroupfsManagers.create(CgroupConfig.forPath("/job").resources(LIMITS).build(), w.fs, w.fs.procFs());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void everyOperationFailingOnceWithEachErrno(String version) throws Exception {
        World clean = new World(version);
        CgroupManager cm = manager(clean);
        assertEquals(-1, life(clean, cm, new ArrayList<>()), "the clean run");
        assertEquals(clean.baseline, tree(clean.fs), "the clean run leaves the machine as it was");
        List<FakeOp> ops = clean.fs.operations().stream().filter(FakeOp::ok).toList();

        Map<String, Integer> seen = new HashMap<>();
        int cases = 0;
        int failed = 0;
        for (FakeOp op : ops) {
            String path = op.file() == null ? op.dir() : op.dir() + "/" + op.file();
            int nth = seen.merge(op.kind() + " " + path, 1, Integer::sum);
            for (Errno errno : ERRNOS) {
                cases++;
                World w = new World(version);
                CgroupManager m = manager(w);
                w.fs.inject(Fault.on(op.kind(), path).errno(errno).nth(nth));
                List<CgroupException> failure = new ArrayList<>();
                int at = life(w, m, failure);
                String c = version + " " + op.kind() + " " + path + " #" + nth + " " + errno;
                if (at >= 0) {
                    failed++;
                    CgroupException e = failure.get(0);
                    assertTrue(causes(e, errno), c + ": the error names another errno: " + e.getMessage());
                    if (at == 0) {
                        assertFalse(m.exists(), c + ": a failed apply left part of the cgroup");
                    }
                }
                for (long p : w.fs.processes()) {
                    for (String dir : m.paths().values()) {
                        // a process is never in a cgroup that is gone
                        assertTrue(!w.fs.processes().contains(p) || w.fs.exists(dir) || !inside(w, p, dir), c);
                    }
                }
                w.fs.clearFaults();
                assertTrue(w.fs.exists(w.preExisting), c + ": the pre-existing cgroup is gone");
                assertEquals("1073741824", w.fs.read(w.preExisting, version.equals("v1") ? "memory.limit_in_bytes"
                        : "memory.max").strip(), c + ": the pre-existing cgroup was changed");
                m.destroy(true);
                for (long p : List.of(w.pid, w.pid2)) {
                    if (w.fs.processes().contains(p)) {
                        w.fs.exit(p);
                    }
                }
                assertEquals(w.baseline, tree(w.fs), c + ": the machine is not back to what it was");
            }
        }
        System.out.println(version + ": " + cases + " (operation, errno) cases from " + ops.size()
                + " operations; " + failed + " ended in an exception naming the injected errno, the rest succeeded");
        assertTrue(cases > 100, "the matrix is the life's every operation times seven errnos: " + cases);
    }

    private static boolean inside(World w, long pid, String dir) {
        try {
            return w.fs.read(dir, "cgroup.procs").contains(Long.toString(pid));
        } catch (CgroupException e) {
            return false;
        }
    }

    /** The exception, or one it wraps or suppresses, carries the injected errno. */
    private static boolean causes(Throwable t, Errno errno) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof CgroupException ce && ce.is(errno)) {
                return true;
            }
            for (Throwable s : x.getSuppressed()) {
                if (causes(s, errno)) {
                    return true;
                }
            }
        }
        return false;
    }
}
