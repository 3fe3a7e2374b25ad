package io.github.cgroups4j.fs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.fs.LinuxProcFs;
import io.github.cgroups4j.fs.RealCgroups;
import io.github.cgroups4j.fs.v1.FsManager;
import io.github.cgroups4j.fs.v1.HostSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** [H] 8 threads x 50 create/apply/set/stats/destroy cycles on this machine's real cgroup v1 hierarchies. */
class ConcurrencyIT {
    @Test
    void eightThreadsFiftyCyclesOnTheRealHierarchiesLeaveNothing() throws Exception {
        try (RealCgroups real = RealCgroups.require("memory", "cpu", "pids", "devices")) {
            HostSnapshot host = HostSnapshot.read(LinuxProcFs.system());
            Map<String, Long> baseline = liveCgroups();
            Resources r = Resources.builder().memory(64L << 20).pidsLimit(16).cpuShares(512).build();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                pool.submit(() -> {
                    try {
                        for (int c = 0; c < 50; c++) {
                            // half share a parent they race to create, half have their own
                            String parent = "/" + real.name() + (thread % 2 == 0 ? "/own-" + thread : "/shared");
                            CgroupManager m = FsManager.create(CgroupConfig.forPath(parent + "/c-" + thread + "-" + c)
                                    .resources(r).build(), real.fs(), LinuxProcFs.system(), host);
                            m.apply(CgroupManager.NO_PID);
                            m.set(r);
                            m.stats();
                            m.destroy();
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES));
            assertEquals(List.of(), List.copyOf(errors));
            for (String parent : List.of("/shared", "/own-0", "/own-2", "/own-4", "/own-6")) {
                FsManager.create(CgroupConfig.forPath("/" + real.name() + parent).build(), real.fs(),
                        LinuxProcFs.system()).destroy();
            }
            FsManager.create(CgroupConfig.forPath("/" + real.name()).build(), real.fs(), LinuxProcFs.system())
                    .destroy();
            // rmdir returns before the kernel frees a cgroup (css release is RCU-deferred): wait for the count.
            // At most the baseline: a cgroup of an earlier test still being released when the baseline was taken
            // may go meanwhile; one of ours left would keep a count above it.
            Map<String, Long> now = liveCgroups();
            for (int i = 0; i < 300 && !atMost(now, baseline); i++) {
                Thread.sleep(100);
                now = liveCgroups();
            }
            assertTrue(atMost(now, baseline), "/proc/cgroups counts back to the baseline " + baseline
                    + " within 30 s: " + now);
            try (Stream<Path> s = Files.find(Path.of("/sys/fs/cgroup"), 3,
                    (p, a) -> p.toString().contains(real.name()))) {
                assertEquals(List.of(), s.toList(), "nothing left in any hierarchy");
            }
        }
    }

    private static boolean atMost(Map<String, Long> now, Map<String, Long> baseline) {
        return now.keySet().equals(baseline.keySet())
                && now.entrySet().stream().allMatch(e -> e.getValue() <= baseline.get(e.getKey()));
    }

    /** num_cgroups of the controllers the test uses, from /proc/cgroups. */
    private static Map<String, Long> liveCgroups() throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/cgroups"))) {
            String[] f = line.split("\\s+");
            if (List.of("memory", "cpu", "pids", "devices").contains(f[0])) {
                counts.put(f[0], Long.parseLong(f[2]));
            }
        }
        return counts;
    }
}
