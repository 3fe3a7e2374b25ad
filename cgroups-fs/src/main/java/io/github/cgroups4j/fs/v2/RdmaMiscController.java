package io.github.cgroups4j.fs.v2;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.RdmaLimit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.KeyValueFile;
import io.github.cgroups4j.parse.RdmaFile;
import io.github.cgroups4j.stats.MiscStats;
import io.github.cgroups4j.stats.RdmaStats;
import java.util.Map;
import java.util.Optional;

/** rdma ({@code rdma.max} per device) and, for statistics only, misc ({@code misc.current}, {@code misc.events}). */
final class RdmaMiscController implements V2Controller {
    @Override
    public String name() {
        return "rdma";
    }

    @Override
    public boolean requested(Resources r) {
        return !r.rdma().isEmpty();
    }

    @Override
    public void set(V2Context ctx, String dir, Resources r) throws CgroupException {
        for (Map.Entry<String, RdmaLimit> e : r.rdma().entrySet()) {
            ctx.write(dir, "rdma.max", e.getValue().line(e.getKey()));
        }
    }

    @Override
    public void stats(V2Context ctx, String dir, V2Stats s) throws CgroupException {
        Optional<String> max = ctx.readOptional(dir, "rdma.max");
        Optional<String> current = ctx.readOptional(dir, "rdma.current");
        if (max.isPresent() && current.isPresent()) {
            s.rdma = new RdmaStats(RdmaFile.parse("rdma.max", max.get()), RdmaFile.parse("rdma.current",
                    current.get()));
        }
        Optional<String> miscCurrent = ctx.readOptional(dir, "misc.current");
        Optional<String> miscEvents = ctx.readOptional(dir, "misc.events");
        if (miscCurrent.isPresent()) {
            Map<String, Long> usage = KeyValueFile.parse("misc.current", miscCurrent.get());
            Map<String, Long> events = miscEvents.isEmpty() ? Map.of()
                    : KeyValueFile.parse("misc.events", miscEvents.get());
            usage.forEach((k, v) -> s.misc.put(k, new MiscStats(v, events.getOrDefault(k + ".max",
                    events.getOrDefault("max", 0L)))));
        }
    }
}
