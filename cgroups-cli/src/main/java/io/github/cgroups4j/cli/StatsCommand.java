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
        // a cgroup that exists in some hierarchies only (e.g. a relative NAME's memory part lies under this
        // process's cgroup, elsewhere than the rest): runc's stats show zeros for the missing part; the line says so
        String memory = m.path(io.github.cgroups4j.Controller.MEMORY);
        boolean noMemory = memory != null && !parent.host.fs().exists(memory);
        for (int i = 0; ; i++) {
            Stats s = m.stats();
            // the text line says when the cgroup is frozen (cgctl freeze); the JSON stays runc's Stats
            String line = text(s);
            if (noMemory) {
                line = "memory - (no memory cgroup " + memory + ")" + line.substring(line.indexOf(" | cpu "));
            }
            System.out.println(json ? Json.compact(StatsJson.of(s))
                    : line + (m.freezerState() == io.github.cgroups4j.FreezerState.FROZEN ? " | FROZEN" : ""));
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
