package io.github.cgroups4j.examples;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupManagers;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.stats.Stats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Embedding cgroups4j in a runtime: create a cgroup, put a started process in it once the limits are set, read
 * statistics, destroy it. Needs root and cgroup v1 (run: {@code java ... EmbeddingExample /my-example}).
 */
public final class EmbeddingExample {
    /**
     * What the example saw.
     *
     * @param exitCode the workload's exit code
     * @param cpuNanos CPU time it used
     * @param peakMemory its peak memory
     * @param memoryLimit the limit in force
     * @param existsAfterDestroy whether the cgroup still exists after destroy (it should not)
     */
    public record Report(int exitCode, long cpuNanos, long peakMemory, long memoryLimit, boolean existsAfterDestroy) {
    }

    private EmbeddingExample() {
    }

    /**
     * @param cgroupPath an absolute cgroup path that does not exist yet
     * @return what happened
     * @throws IOException if the workload cannot start
     * @throws InterruptedException if interrupted while waiting
     */
    public static Report run(String cgroupPath) throws IOException, InterruptedException {
        Resources limits = Resources.builder()
                .memory(64L << 20).memorySwap(64L << 20)        // 64 MiB, no swap beyond it
                .cpuPeriod(100_000).cpuQuota(50_000)            // half a CPU
                .pidsLimit(32)
                .build();
        CgroupManager cgroup = CgroupManagers.create(CgroupConfig.forPath(cgroupPath).resources(limits).build());
        // the workload waits at a barrier until it is inside the cgroup
        Process workload = new ProcessBuilder("sh", "-c",
                "read go; i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done").start();
        try {
            cgroup.apply(CgroupManager.NO_PID);   // create in every mounted hierarchy
            cgroup.set(limits);                   // limits in place before anything joins
            cgroup.apply(workload.pid());         // the process joins
            try (OutputStream go = workload.getOutputStream()) {
                go.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            workload.waitFor(60, TimeUnit.SECONDS);
            Stats stats = cgroup.stats();
            return new Report(workload.exitValue(), stats.cpu().usage().totalUsage(),
                    stats.memory().usage().maxUsage(), stats.memory().usage().limit(),
                    destroyed(cgroup));
        } finally {
            workload.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (cgroup.exists()) {
                cgroup.destroy();
            }
        }
    }

    private static boolean destroyed(CgroupManager cgroup) throws CgroupException {
        cgroup.destroy();
        return cgroup.exists();
    }

    /**
     * @param args the cgroup path (default {@code /cgroups4j-embedding-example})
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Report r = run(args.length > 0 ? args[0] : "/cgroups4j-embedding-example");
        System.out.printf("exit %d, cpu %.3f s, peak memory %d bytes of %d%n", r.exitCode(), r.cpuNanos() / 1e9,
                r.peakMemory(), r.memoryLimit());
    }
}
