package io.github.cgroups4j.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
}
