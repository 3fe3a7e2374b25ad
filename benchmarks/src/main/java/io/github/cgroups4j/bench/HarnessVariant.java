package io.github.cgroups4j.bench;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupManagers;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.fs.NativeCgroupFs;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The cgroups4j variant of the side-by-side lifecycle benchmark (the same workload as runc's Go driver and the raw C
 * floor): per iteration a fresh {@code /PARENT/c<i>} is created through the public API ({@code CgroupManagers.create},
 * {@code apply(-1)}), the target pid joins every hierarchy except memory (written to {@code cgroup.procs} through
 * the {@link CgroupFs} seam, as the Go driver uses runc's {@code WriteCgroupProc}), {@code set}, {@code stats}, the
 * pid goes back to the parent, {@code destroy}. The stats workload is {@code stats()} 10 N times on one populated
 * cgroup. The JIT is warmed up before timing. Prints {@code RESULT} and {@code PHASE} lines.
 *
 * <p>Usage: {@code -parent bench-XXXX -pid PID -n N [-stats-n M] [-warmup W] [-mode lifecycle|stats|all]
 * [-name NAME] [-curve FILE]}. {@code -name} is the variant's name in the output ({@code cgroups4j}); {@code -curve}
 * writes the warm-up curve: the mean and median time of each 100 lifecycles, from the first (take {@code -warmup 0}).
 * The bytes the timed thread allocated per lifecycle and per stats call go to stderr ({@code ALLOC} lines). Refuses
 * a parent not named {@code bench-*} or {@code cgroups4j-*}, and any path under {@code process_api}.
 */
public final class HarnessVariant {
    static final Pattern PARENT = Pattern.compile("(bench|cgroups4j)-[A-Za-z0-9-]+");
    private static final String[] PHASES = {"apply(mkdir)", "join", "set", "getstats", "unjoin", "destroy"};

    private final String parent;
    private final long pid;
    private final CgroupFs fs;
    private final String name;

    HarnessVariant(String parent, long pid, String name) throws CgroupException {
        this.parent = parent;
        this.pid = pid;
        this.fs = NativeCgroupFs.shared();
        this.name = name;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    /** Seconds since the JVM started, the clock of -Xlog's uptime decoration (to place JIT events in the window). */
    private static double uptime() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    }

    /** Bytes this thread has allocated so far (HotSpot's TLAB accounting). */
    private static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** runc's usual container device allow-list: 11 rules after a deny-all. */
    static List<DeviceRule> rules() {
        List<DeviceRule> r = new ArrayList<>();
        r.add(DeviceRule.allow('c', DeviceRule.WILDCARD, DeviceRule.WILDCARD, "m"));
        r.add(DeviceRule.allow('b', DeviceRule.WILDCARD, DeviceRule.WILDCARD, "m"));
        for (long[] d : new long[][] {{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 2}}) {
            r.add(DeviceRule.allow('c', d[0], d[1], "rwm"));
        }
        r.add(DeviceRule.allow('c', 136, DeviceRule.WILDCARD, "rwm"));
        r.add(DeviceRule.allow('c', 10, 200, "rwm"));
        return r;
    }

    static final Resources RESOURCES = Resources.builder().memory(256L << 20).memorySwap(512L << 20).cpuShares(512)
            .cpuQuota(50_000).cpuPeriod(100_000).cpusetCpus("0").pidsLimit(100)
            .device(DeviceRule.deny('a', DeviceRule.WILDCARD, DeviceRule.WILDCARD, "rwm")).devices(rules()).build();

    private CgroupManager create(String name) throws CgroupException {
        CgroupManager m = CgroupManagers.create(CgroupConfig.forPath("/" + parent + "/" + name).resources(RESOURCES)
                .build());
        for (String p : m.paths().values()) {
            if (p.contains("process_api") || !p.contains("/" + parent + "/")) {
                throw new IllegalStateException("refusing unsafe path " + p);
            }
        }
        return m;
    }

    /** Joins (or, with {@code toParent}, moves back) the pid in every hierarchy but memory, sorted by name. */
    private void join(Map<String, String> sortedPaths, boolean toParent) throws CgroupException {
        String p = Long.toString(pid);
        for (Map.Entry<String, String> e : sortedPaths.entrySet()) {
            if (e.getKey().equals(Controller.MEMORY.v1Name())) {
                continue;
            }
            String dir = e.getValue();
            fs.write(toParent ? dir.substring(0, dir.lastIndexOf('/')) : dir, "cgroup.procs", p);
        }
    }

    String lifecycle(int n, int warmup) throws CgroupException {
        return lifecycle(n, warmup, null);
    }

    /** @param curve where every lifecycle's time goes, warm-up included (or null) */
    String lifecycle(int n, int warmup, long[] curve) throws CgroupException {
        long[][] phases = new long[PHASES.length][n];
        long[] total = new long[n];
        long wall = 0;
        long bytes = 0;
        double windowStart = 0;
        for (int i = -warmup; i < n; i++) {
            if (i == 0) {
                windowStart = uptime();
            }
            long a0 = allocated();
            long t0 = System.nanoTime();
            CgroupManager m = create("c" + (i + warmup));
            Map<String, String> paths = new TreeMap<>(m.paths());
            m.apply(CgroupManager.NO_PID);
            long t1 = System.nanoTime();
            join(paths, false);
            long t2 = System.nanoTime();
            m.set(RESOURCES);
            long t3 = System.nanoTime();
            m.stats();
            long t4 = System.nanoTime();
            join(paths, true);
            long t5 = System.nanoTime();
            m.destroy();
            long t6 = System.nanoTime();
            if (curve != null) {
                curve[i + warmup] = t6 - t0;
            }
            if (i >= 0) {
                bytes += allocated() - a0;
                long[] ts = {t0, t1, t2, t3, t4, t5, t6};
                for (int j = 0; j < PHASES.length; j++) {
                    phases[j][i] = ts[j + 1] - ts[j];
                }
                total[i] = t6 - t0;
                wall += t6 - t0;
            }
        }
        System.err.printf(Locale.ROOT, "ALLOC %s lifecycle bytes_per_op=%d%n", name, n == 0 ? 0 : bytes / n);
        System.err.printf(Locale.ROOT, "WINDOW %s lifecycle from=%.3f to=%.3f (JVM uptime, s)%n", name, windowStart,
                uptime());
        return report(name, wall, total, PHASES, phases);
    }

    /**
     * The RESULT line of a lifecycle run and one PHASE line per phase, as the harness's other variants print them.
     *
     * @param name the variant
     * @param wall the timed lifecycles' total, ns
     * @param total each lifecycle's time, ns
     * @param names the phases
     * @param phases each phase's time per lifecycle, ns
     * @return the lines
     */
    static String report(String name, long wall, long[] total, String[] names, long[][] phases) {
        int n = total.length;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "RESULT %s lifecycle n=%d ops_per_s=%.1f p50_us=%.1f p99_us=%.1f%n", name, n, n / (wall / 1e9),
                pct(total, 0.5), pct(total, 0.99)));
        for (int j = 0; j < names.length; j++) {
            out.append(String.format(Locale.ROOT, "PHASE %s %s p50_us=%.1f p99_us=%.1f%n", name, names[j],
                    pct(phases[j], 0.5), pct(phases[j], 0.99)));
        }
        return out.toString();
    }

    String stats(int n, int warmup) throws CgroupException {
        CgroupManager m = create("stats");
        Map<String, String> paths = new TreeMap<>(m.paths());
        m.apply(CgroupManager.NO_PID);
        try {
            join(paths, false);
            m.set(RESOURCES);
            long[] s = new long[n];
            long wall = 0;
            long bytes = 0;
            for (int i = -warmup; i < n; i++) {
                long a0 = allocated();
                long t0 = System.nanoTime();
                m.stats();
                long d = System.nanoTime() - t0;
                if (i >= 0) {
                    s[i] = d;
                    wall += d;
                    bytes += allocated() - a0;
                }
            }
            System.err.printf(Locale.ROOT, "ALLOC %s stats bytes_per_op=%d%n", name, n == 0 ? 0 : bytes / n);
            return String.format(Locale.ROOT, "RESULT %s stats n=%d ops_per_s=%.1f p50_us=%.1f p99_us=%.1f%n",
                    name, n, n / (wall / 1e9), pct(s, 0.5), pct(s, 0.99));
        } finally {
            join(paths, true);
            m.destroy();
        }
    }

    /** The warm-up curve: per 100 lifecycles, the mean and the median in microseconds. */
    static String curve(long[] times) {
        StringBuilder out = new StringBuilder("# lifecycles mean_us p50_us\n");
        for (int from = 0; from < times.length; from += 100) {
            long[] bucket = Arrays.copyOfRange(times, from, Math.min(times.length, from + 100));
            double mean = Arrays.stream(bucket).average().orElse(0) / 1e3;
            out.append(String.format(Locale.ROOT, "%d-%d %.1f %.1f%n", from + 1, from + bucket.length, mean,
                    pct(bucket, 0.5)));
        }
        return out.toString();
    }

    /** The same percentile as the Go driver: index round(p * (n - 1)) of the sorted samples, in microseconds. */
    static double pct(long[] samples, double p) {
        if (samples.length == 0) {
            return 0;
        }
        long[] c = samples.clone();
        Arrays.sort(c);
        return c[(int) (p * (c.length - 1) + 0.5)] / 1e3;
    }

    /**
     * @param args see the class comment
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String parent = null;
        long pid = 0;
        int n = 200;
        int statsN = 0;
        int warmup = -1;
        String mode = "all";
        String name = "cgroups4j";
        String curveFile = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "-parent" -> parent = args[i + 1];
                case "-pid" -> pid = Long.parseLong(args[i + 1]);
                case "-n" -> n = Integer.parseInt(args[i + 1]);
                case "-stats-n" -> statsN = Integer.parseInt(args[i + 1]);
                case "-warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "-mode" -> mode = args[i + 1];
                case "-name" -> name = args[i + 1];
                case "-curve" -> curveFile = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (parent == null || !PARENT.matcher(parent).matches() || pid <= 0) {
            System.err.println("need -parent bench-XXX (or cgroups4j-XXX) and -pid");
            System.exit(2);
        }
        if (statsN == 0) {
            statsN = 10 * n;
        }
        if (!name.matches("[A-Za-z0-9._-]+")) {
            System.err.println("-name: one word of letters, digits, '.', '_' or '-'");
            System.exit(2);
        }
        HarnessVariant v = new HarnessVariant(parent, pid, name);
        // the JIT warms up on the same workload before anything is timed
        int lw = warmup >= 0 ? warmup : Math.min(500, Math.max(10, n / 2));
        int sw = warmup >= 0 ? warmup : Math.min(5000, Math.max(10, statsN / 2));
        if (mode.equals("lifecycle") || mode.equals("all")) {
            long[] curve = curveFile == null ? null : new long[lw + n];
            System.out.print(v.lifecycle(n, lw, curve));
            if (curve != null) {
                java.nio.file.Files.writeString(java.nio.file.Path.of(curveFile), curve(curve));
            }
        }
        if (mode.equals("stats") || mode.equals("all")) {
            System.out.print(v.stats(statsN, sw));
        }
        System.out.flush();
    }
}
