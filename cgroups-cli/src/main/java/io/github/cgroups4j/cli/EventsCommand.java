package io.github.cgroups4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.events.EventKind;
import io.github.cgroups4j.events.EventRequest;
import io.github.cgroups4j.events.EventSubscription;
import io.github.cgroups4j.events.MemoryEvent;
import io.github.cgroups4j.events.PsiTrigger;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cgctl events NAME}: one JSON line per memory event as the kernel pushes it (and, with {@code --interval},
 * a statistics line every interval, as {@code runc events --stats}); ends when the cgroup goes.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Print the cgroup's memory events as they happen, one JSON line each (OOM kills always; "
                + "thresholds, pressure levels and PSI triggers when asked); ends when the cgroup is removed (cgroup v2: or "
                + "has no task left).")
final class EventsCommand extends NamedCgroup implements Callable<Integer> {
    @Option(names = "--interval", paramLabel = "SECONDS", description = "Also print the statistics every SECONDS "
            + "(a line {\"type\":\"stats\",...} in runc's field names).")
    Double interval;

    @Option(names = "--threshold", paramLabel = "SIZE", description = "cgroup v1: an event when memory usage "
            + "crosses SIZE (e.g. 32M), up or down. Repeatable.")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--pressure", paramLabel = "LEVEL", description = "cgroup v1: an event at memory pressure "
            + "LEVEL: low, medium or critical. Repeatable.")
    List<String> levels = new ArrayList<>();

    @Option(names = "--psi", paramLabel = "RESOURCE:STALL:WINDOW", description = "cgroup v2 (or a hybrid host's "
            + "cgroup2): a PSI trigger, e.g. memory:150ms:2s (some) or cpu:full:100ms:2s. Repeatable.")
    List<String> psi = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (interval != null && (!(interval > 0) || interval.isInfinite())) {
            throw new IllegalArgumentException("--interval " + interval + ": must be a positive number of seconds");
        }
        EventRequest req = EventRequest.oom();
        for (String t : thresholds) {
            long b = Sizes.parse(t);
            if (b <= 0) {
                throw new IllegalArgumentException("--threshold " + t + ": must be a size above 0, e.g. 32M");
            }
            req = req.withThreshold(b);
        }
        for (String l : levels) {
            try {
                req = req.withPressureLevel(l);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--pressure " + l + ": must be low, medium or critical");
            }
        }
        for (String p : psi) {
            req = req.withPsi(psiTrigger(p));
        }
        CgroupManager m = existing();
        PrintStream out = System.out;
        EventSubscription sub = m.events(req, Runnable::run, e -> print(out, e));
        try {
            if (interval == null) {
                while (!sub.awaitEnd(Duration.ofHours(1))) {
                    // until the cgroup goes, or a signal ends cgctl
                }
            } else {
                long ms = (long) (interval * 1000);
                while (!sub.awaitEnd(Duration.ofMillis(ms))) {
                    try {
                        ObjectNode line = Json.object();
                        line.put("type", "stats");
                        line.put("id", name);
                        line.set("data", StatsJson.of(m.stats()));
                        synchronized (out) {
                            out.println(Json.compact(line));
                            out.flush();
                        }
                    } catch (CgroupException e) {
                        if (!m.exists()) {
                            break; // gone between two lines: the watch reports it
                        }
                        throw e;
                    }
                }
                sub.awaitEnd(Duration.ofSeconds(5));
            }
        } finally {
            sub.close();
        }
        return 0;
    }

    private void print(PrintStream out, MemoryEvent e) {
        ObjectNode line = Json.object();
        line.put("type", e.kind() == EventKind.OOM ? "oom" : e.kind().name().toLowerCase(Locale.ROOT));
        line.put("id", name);
        line.put("cgroup", e.cgroup());
        line.put("time", e.time().toString());
        if (!e.detail().isEmpty()) {
            line.put("detail", e.detail());
        }
        if (!e.counters().isEmpty()) {
            ObjectNode c = line.putObject("counters");
            new java.util.TreeMap<>(e.counters()).forEach(c::put);
        }
        String s = Json.compact(line);
        synchronized (out) {
            out.println(s);
            out.flush();
        }
    }

    /** {@code memory:150ms:2s}, {@code cpu:full:100ms:2s}. */
    static PsiTrigger psiTrigger(String spec) {
        String[] f = spec.split(":");
        boolean full = f.length == 4 && f[1].equals("full");
        boolean some = f.length == 4 && f[1].equals("some");
        if (f.length != 3 && !(full || some)) {
            throw new IllegalArgumentException("--psi " + spec + ": must be RESOURCE[:some|full]:STALL:WINDOW, e.g. "
                    + "memory:150ms:2s");
        }
        try {
            return new PsiTrigger(f[0], full, duration(spec, f[f.length - 2]), duration(spec, f[f.length - 1]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--psi " + spec + ": " + e.getMessage());
        }
    }

    private static Duration duration(String spec, String d) {
        try {
            if (d.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(d.substring(0, d.length() - 2)));
            }
            if (d.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(d.substring(0, d.length() - 1)) * 1000));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--psi " + spec + ": \"" + d + "\" is not a duration such as 150ms or 2s");
    }
}
