package io.github.cgroups4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.fs.RealCgroups;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Smoke runs on the real cgroupfs: the harness variant prints its RESULT and PHASE lines, and the scale run puts
 * {@code num_cgroups} back at its baseline. Small numbers: this checks that they work, not how fast.
 */
class BenchmarksSmokeIT {
    private static final List<String> HIERARCHIES = List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
            "blkio", "pids", "name=systemd", "");

    @Test
    void harnessVariantPrintsResultsAndCleansUp() throws Exception {
        try (RealCgroups cg = RealCgroups.require("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio",
                "pids", "name=systemd", "")) {
            long pid = benchParent(cg);
            java.nio.file.Path curve = java.nio.file.Files.createTempFile("cgroups4j-curve", ".txt");
            Process p = new ProcessBuilder("java", "-cp", System.getProperty("bench.classpath"),
                    HarnessVariant.class.getName(), "-parent", cg.name(), "-pid", Long.toString(pid), "-n", "5",
                    "-warmup", "2", "-curve", curve.toString()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.matches("(?s).*RESULT cgroups4j lifecycle n=5 ops_per_s=[0-9.]+ p50_us=[0-9.]+ p99_us=.*"),
                    out);
            assertTrue(out.contains("RESULT cgroups4j stats n=50 "), out);
            assertEquals(6, out.lines().filter(l -> l.startsWith("PHASE cgroups4j ")).count(), out);
            assertTrue(out.matches("(?s).*ALLOC cgroups4j lifecycle bytes_per_op=[1-9][0-9]*\n.*"), out);
            assertTrue(out.matches("(?s).*ALLOC cgroups4j stats bytes_per_op=[1-9][0-9]*\n.*"), out);
            // 2 warm-up + 5 timed lifecycles: one bucket of 7, with a mean and a median
            List<String> c = java.nio.file.Files.readAllLines(curve);
            java.nio.file.Files.delete(curve);
            assertEquals(2, c.size(), c.toString());
            assertTrue(c.get(1).matches("1-7 [0-9.]+ [0-9.]+"), c.toString());
            for (String h : HIERARCHIES) {
                assertEquals(List.of(), cg.fs().list(cg.path(h)), "the variant removed its cgroups in " + h);
            }
        }
    }

    /**
     * The bench parent, as the harness's run.sh sets it up: in every hierarchy, cpuset populated, the target sleep
     * joined everywhere except memory.
     *
     * @return the sleep's pid
     */
    private static long benchParent(RealCgroups cg) throws Exception {
        for (String h : HIERARCHIES) {
            cg.create(h);
        }
        String cpuset = cg.path("cpuset");
        cg.fs().write(cpuset, "cpuset.cpus", cg.fs().read(cg.mount("cpuset"), "cpuset.cpus").strip());
        cg.fs().write(cpuset, "cpuset.mems", cg.fs().read(cg.mount("cpuset"), "cpuset.mems").strip());
        long pid = cg.startSleep().pid();
        for (String h : HIERARCHIES) {
            if (!h.equals("memory")) {
                cg.fs().write(cg.path(h), "cgroup.procs", Long.toString(pid));
            }
        }
        return pid;
    }

    /** cgsame.c in Java, straight to the native boundary and through the seam: each runs its lifecycles. */
    @Test
    void sameCallsPrintResultsAndCleanUp() throws Exception {
        try (RealCgroups cg = RealCgroups.require("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio",
                "pids", "name=systemd", "")) {
            long pid = benchParent(cg);
            for (String seam : List.of("0", "1")) {
                Process p = new ProcessBuilder("java", "-cp", System.getProperty("bench.classpath"),
                        SameCalls.class.getName(), "-parent", cg.name(), "-pid", Long.toString(pid), "-n", "5",
                        "-warmup", "2", "-seam", seam).redirectErrorStream(true).start();
                assertTrue(p.waitFor(120, TimeUnit.SECONDS));
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), out);
                String name = seam.equals("1") ? "java-seam" : "java-same";
                assertTrue(out.matches("(?s)RESULT " + name + " lifecycle n=5 ops_per_s=[0-9.]+ p50_us=[0-9.]+ .*"),
                        out);
                assertEquals(6, out.lines().filter(l -> l.startsWith("PHASE " + name + " ")).count(), out);
                for (String h : HIERARCHIES) {
                    assertEquals(List.of(), cg.fs().list(cg.path(h)), name + " removed its cgroups in " + h);
                }
            }
        }
    }

    @Test
    void scaleRunReturnsToBaseline() throws Exception {
        RealCgroups.require("memory", "cpu", "cpuacct", "cpuset").close();
        List<String> lines = new ArrayList<>(ScaleRun.run(50, 20));
        assertEquals(2, lines.size(), lines.toString());
        String create = lines.get(0);
        String base = create.replaceAll(".*baseline=(\\d+).*", "$1");
        String after = create.replaceAll(".*after=(\\d+).*", "$1");
        assertEquals(base, after, create);
        assertTrue(lines.get(1).startsWith("SCALE stats live=20 "), lines.get(1));
    }
}
