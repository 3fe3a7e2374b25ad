package io.github.cgroups4j.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import io.github.cgroups4j.testkit.ForwardingCgroupFs;
import io.github.cgroups4j.testkit.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * [H] 64 threads x 200 create/apply/set/stats/destroy cycles on one fake machine, half of them in cgroups of their
 * own and half under parents they share and race to create: no exception, nothing leaked (the tree and the memory
 * cgroup IDs back to the baseline), and no thread removes another's cgroup.
 */
class ConcurrencyTest {
    private static final int THREADS = 64;
    private static final int CYCLES = 200;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void manyThreadsManyCyclesNoLeak(String version) throws Exception {
        FakeCgroupFs fs = version.equals("v1") ? FakeCgroupFs.modernHybrid() : FakeCgroupFs.unified();
        fs.recordOperations(false);
        int ids = version.equals("v1") ? fs.memoryIdsInUse() : 0;
        Resources r = Resources.builder().memory(64L << 20).pidsLimit(16).cpuShares(512).build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                try {
                    start.await();
                    for (int c = 0; c < CYCLES; c++) {
                        String parent = thread % 2 == 0 ? "/own-" + thread : "/shared-" + (c % 4);
                        CgroupManager m = CgroupfsManagers.create(CgroupConfig.forPath(parent + "/c-" + thread
                                + "-" + c).resources(r).build(), fs, fs.procFs());
                        m.apply(CgroupManager.NO_PID);
                        m.set(r);
                        m.stats();
                        m.destroy();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
                return null;
            }));
        }
        start.countDown();
        pool.shutdown();
        assertEquals(true, pool.awaitTermination(5, TimeUnit.MINUTES));
        assertEquals(List.of(), List.copyOf(errors));
        // only the parents remain: every one of them (own and shared) is removed now, by one manager each
        for (String parent : List.of("/shared-0", "/shared-1", "/shared-2", "/shared-3")) {
            CgroupfsManagers.create(CgroupConfig.forPath(parent).build(), fs, fs.procFs()).destroy();
        }
        for (int t = 0; t < THREADS; t += 2) {
            CgroupfsManagers.create(CgroupConfig.forPath("/own-" + t).build(), fs, fs.procFs()).destroy();
        }
        String root = version.equals("v1") ? "/sys/fs/cgroup/memory" : "/sys/fs/cgroup";
        assertEquals(List.of(), fs.list(root), "nothing left below the root");
        if (version.equals("v1")) {
            assertEquals(ids, fs.memoryIdsInUse(), "the memory cgroup IDs are back to the baseline");
        }
    }

    /**
     * One manager shared by 16 threads (documented as thread-safe): 200 set/stats each on one applied cgroup, then a
     * destroy. No exception, and the limit left is one that a thread wrote.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void aSharedManagerHoldsUnderLoad(String version) throws Exception {
        FakeCgroupFs fs = version.equals("v1") ? FakeCgroupFs.modernHybrid() : FakeCgroupFs.unified();
        fs.recordOperations(false);
        CgroupManager m = CgroupfsManagers.create(CgroupConfig.forPath("/shared-manager").build(), fs, fs.procFs());
        m.apply(CgroupManager.NO_PID);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < 16; t++) {
            long limit = (64L + t) << 20;
            pool.submit(() -> {
                try {
                    for (int c = 0; c < CYCLES; c++) {
                        m.set(Resources.builder().memory(limit).pidsLimit(16 + c).build());
                        m.stats();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
        }
        pool.shutdown();
        assertEquals(true, pool.awaitTermination(5, TimeUnit.MINUTES));
        assertEquals(List.of(), List.copyOf(errors));
        String dir = m.path(io.github.cgroups4j.Controller.MEMORY);
        long left = Long.parseLong(fs.read(dir, version.equals("v1") ? "memory.limit_in_bytes" : "memory.max").trim());
        Assertions.assertTrue(left >= 64L << 20 && left < 80L << 20 && left % (1 << 20) == 0, "left: " + left);
        m.destroy();
        assertEquals(false, fs.exists(dir));
    }

    /**
     * Two managers create siblings under a parent neither found. A creates the parent; B's apply runs in the middle of
     * A's (after A made the parent, before A's mkdir of its own cgroup) and B sets its limit; then A's mkdir fails. A's
     * rollback removes what A created and cannot remove the parent (B's cgroup is in it): B's cgroup and limit are
     * untouched, and B's destroy later leaves A's nothing to find.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void siblingsUnderAParentNeitherCreatedFirstSurviveEachOthersFailure(String version) throws Exception {
        boolean v1 = version.equals("v1");
        FakeCgroupFs fake = v1 ? FakeCgroupFs.modernHybrid() : FakeCgroupFs.unified();
        String limitFile = v1 ? "memory.limit_in_bytes" : "memory.max";
        String memRoot = v1 ? "/sys/fs/cgroup/memory" : "/sys/fs/cgroup";
        // A's mkdir of its own cgroup in the memory hierarchy, after it made the parent there (and on v1 both in the
        // hierarchies it walked first)
        String failDir = memRoot + "/p/a";
        Resources r = Resources.builder().memory(64L << 20).pidsLimit(8).build();
        CgroupManager b = CgroupfsManagers.create(CgroupConfig.forPath("/p/b").resources(r).build(), fake,
                fake.procFs());
        AtomicBoolean ranB = new AtomicBoolean();
        CgroupFs interleaved = new Interleaving(fake, failDir, () -> {
            ranB.set(true);
            b.apply(CgroupManager.NO_PID);
            b.set(r);
            fake.inject(Fault.on(FakeOp.Kind.MKDIR, failDir).errno(Errno.ENOSPC));
        });
        CgroupManager a = CgroupfsManagers.create(CgroupConfig.forPath("/p/a").resources(r).build(), interleaved,
                fake.procFs());
        CgroupException failed = Assertions.assertThrows(CgroupException.class, () -> a.apply(CgroupManager.NO_PID));
        Assertions.assertTrue(ranB.get(), failed.getMessage());
        assertEquals(Errno.ENOSPC, failed.errno().orElseThrow(), failed.getMessage());
        Assertions.assertFalse(fake.exists(memRoot + "/p/a"), "A's own cgroup is rolled back");
        Assertions.assertTrue(fake.exists(memRoot + "/p/b"), "B's cgroup survives A's failure");
        assertEquals(String.valueOf(64L << 20), fake.read(memRoot + "/p/b", limitFile).trim());
        assertEquals(List.of(), fake.processes().stream().filter(p -> fake.cgroupOf(p, "memory").startsWith("/p"))
                .toList());
        b.destroy();
        Assertions.assertFalse(fake.exists(memRoot + "/p/b"));
        Assertions.assertTrue(fake.exists(memRoot + "/p"), "the parent A made and could not remove is empty and left");
    }

    /** A CgroupFs that runs a hook once, before the mkdir of one directory, then passes everything on. */
    private static final class Interleaving extends ForwardingCgroupFs {
        interface Hook {
            void run() throws CgroupException;
        }

        private final String dir;
        private Hook hook;

        Interleaving(CgroupFs fs, String dir, Hook hook) {
            super(fs);
            this.dir = dir;
            this.hook = hook;
        }

        @Override
        public boolean mkdir(String d) throws CgroupException {
            if (d.equals(dir) && hook != null) {
                Hook h = hook;
                hook = null;
                h.run();
            }
            return super.mkdir(d);
        }
    }
}
