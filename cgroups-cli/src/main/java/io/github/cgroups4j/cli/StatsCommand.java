package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.stats.Stats;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cgctl stats NAME [--json] [--watch]}: statistics of any existing cgroup. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Statistics of an existing cgroup (also one cgctl did not create).")
final class StatsCommand extends NamedCgroup implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print runc's cgroups.Stats JSON (cpu_stats.cpu_usage.total_usage, ...).")
    boolean json;

    @Option(names = "--watch", description = "Print again every --interval seconds until interrupted.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1", description = "For --watch (default 1).")
    double interval;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "For --watch: stop after N (0: never).")
    int count;

    @Override
    public Integer call() throws Exception {
        if (!watch && (spec.commandLine().getParseResult().hasMatchedOption("--interval")
                || spec.commandLine().getParseResult().hasMatchedOption("--count"))) {
            throw new IllegalArgumentException("--interval and --count go with --watch");
        }
        if (!(interval > 0) || Double.isInfinite(interval)) {
            throw new IllegalArgumentException("--interval " + intervalText() + ": must be a positive number of "
                    + "seconds such as 0.5");
        }
        if (count < 0) {
            throw new IllegalArgumentException("--count " + count + ": must be 0 (never stop) or more");
        }
        CgroupManager m = existing();
        for (int i = 0; ; i++) {
            Stats s = m.stats();
            System.out.println(json ? Json.compact(StatsJson.of(s)) : memoryPart(m, s, text(s)) + frozen(m));
            System.out.flush();
            if (!watch || count > 0 && i + 1 >= count) {
                return 0;
            }
            Thread.sleep((long) (interval * 1000));
        }
    }

    private String intervalText() {
        String t = Double.toString(interval);
        return t.endsWith(".0") ? t.substring(0, t.length() - 2) : t;
    }

    /**
     * runc's stats give zeros for a memory part that was not read; the line says why there is none instead of
     * "limit 0 B": no memory hierarchy, a cgroup missing from it (a relative NAME's parts can lie in different
     * places), or (v2) no memory controller enabled for it.
     */
    private String memoryPart(CgroupManager m, Stats s, String line) throws Exception {
        if (!s.memory().stats().isEmpty()) {
            return line;
        }
        String dir = m.path(io.github.cgroups4j.Controller.MEMORY);
        String why = dir == null ? "no memory hierarchy"
                : !parent.host.fs().exists(dir) ? "no memory cgroup " + dir
                : "no memory controller enabled for " + dir;
        return "memory - (" + why + ")" + line.substring(line.indexOf(" | cpu "));
    }

    /**
     * " | FROZEN" (or " | FREEZING" on the way) from the freezer's files as they are: read once, never waited on
     * (the manager's freezerState() waits for a freeze to finish, which a task in D state can hold up).
     */
    private String frozen(CgroupManager m) {
        String dir = m.path(io.github.cgroups4j.Controller.FREEZER);
        if (dir == null) {
            return "";
        }
        try {
            io.github.cgroups4j.spi.CgroupFs fs = parent.host.fs();
            if (fs.exists(dir, "freezer.state")) {
                String state = fs.read(dir, "freezer.state").strip();
                return state.equals("FROZEN") || state.equals("FREEZING") ? " | " + state : "";
            }
            if (fs.exists(dir, "cgroup.freeze") && fs.read(dir, "cgroup.freeze").strip().equals("1")) {
                return fs.read(dir, "cgroup.events").contains("frozen 1") ? " | FROZEN" : " | FREEZING";
            }
        } catch (io.github.cgroups4j.CgroupException e) {
            // gone meanwhile, or unreadable: the statistics are still worth printing
        }
        return "";
    }

    private static String text(Stats s) {
        return String.format(Locale.ROOT, "memory %s (peak %s, limit %s) | cpu %.2f s (user %.2f, system %.2f) | "
                + "throttled %d of %d periods, %.2f s | pids %d%s",
                Sizes.format(s.memory().usage().usage()), Sizes.format(s.memory().usage().maxUsage()),
                s.memory().usage().limit() >= 9223372036854771712L ? "none" : Sizes.format(s.memory().usage().limit()),
                s.cpu().usage().totalUsage() / 1e9, s.cpu().usage().usageInUsermode() / 1e9,
                s.cpu().usage().usageInKernelmode() / 1e9, s.cpu().throttling().throttledPeriods(),
                s.cpu().throttling().periods(), s.cpu().throttling().throttledTime() / 1e9, s.pids().current(),
                s.pids().limit() > 0 ? " of " + s.pids().limit() : "");
    }
}
