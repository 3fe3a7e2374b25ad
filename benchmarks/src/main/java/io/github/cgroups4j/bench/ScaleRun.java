package io.github.cgroups4j.bench;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupManagers;
import io.github.cgroups4j.fs.LinuxProcFs;
import io.github.cgroups4j.parse.ProcCgroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Scale on the real host: N cgroups created and destroyed one after the other (every hierarchy, memory included),
 * with the memory hierarchy's {@code num_cgroups} back at its baseline afterwards; then M live cgroups and the time to
 * read the statistics of all of them once. Everything lives under {@code /cgroups4j-scale-<random>} and is removed in
 * every outcome. Usage: {@code ScaleRun [N] [M]} (default 10000 1000).
 */
public final class ScaleRun {
    private ScaleRun() {
    }

    static long memoryCgroups() throws CgroupException {
        return ProcCgroups.parse(LinuxProcFs.system().cgroups()).row("memory").orElseThrow().numCgroups();
    }

    /**
     * @param n create-and-destroy cycles
     * @param m live cgroups whose stats are read
     * @return the report lines
     * @throws Exception on failure
     */
    public static List<String> run(int n, int m) throws Exception {
        String parent = "/cgroups4j-scale-" + UUID.randomUUID().toString().substring(0, 8);
        CgroupManager top = CgroupManagers.create(CgroupConfig.forPath(parent).build());
        List<String> out = new ArrayList<>();
        List<CgroupManager> live = new ArrayList<>();
        try {
            top.apply(CgroupManager.NO_PID);
            long baseline = memoryCgroups();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                CgroupManager c = CgroupManagers.create(CgroupConfig.forPath(parent + "/c" + i).build());
                c.apply(CgroupManager.NO_PID);
                c.destroy();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long after = memoryCgroups();
            for (int wait = 0; wait < 100 && after != baseline; wait++) { // offlined memcgs are freed asynchronously
                Thread.sleep(50);
                after = memoryCgroups();
            }
            out.add(String.format(Locale.ROOT, "SCALE create+destroy n=%d seconds=%.2f per_cgroup_us=%.0f "
                    + "memory_num_cgroups_baseline=%d after=%d", n, secs, secs * 1e6 / n, baseline, after));
            for (int i = 0; i < m; i++) {
                CgroupManager c = CgroupManagers.create(CgroupConfig.forPath(parent + "/live" + i).build());
                live.add(c);
                c.apply(CgroupManager.NO_PID);
            }
            for (CgroupManager c : live) {
                c.stats(); // one warm-up pass
            }
            long s0 = System.nanoTime();
            for (CgroupManager c : live) {
                c.stats();
            }
            double statSecs = (System.nanoTime() - s0) / 1e9;
            out.add(String.format(Locale.ROOT, "SCALE stats live=%d seconds=%.3f per_cgroup_us=%.0f", m, statSecs,
                    statSecs * 1e6 / m));
            return out;
        } finally {
            for (CgroupManager c : live) {
                c.destroy();
            }
            top.destroy();
        }
    }

    /**
     * @param args N and M
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        run(n, m).forEach(System.out::println);
    }
}
