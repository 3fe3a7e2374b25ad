package io.github.cgroups4j.fs.v2;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.CgroupValues;
import io.github.cgroups4j.stats.PidsStats;
import java.util.Optional;

/** pids: {@code pids.max}; statistics from {@code pids.current}, or counted from {@code cgroup.procs} without it. */
final class PidsController implements V2Controller {
    @Override
    public String name() {
        return "pids";
    }

    @Override
    public boolean domain() {
        return false; // pids is thread-aware
    }

    @Override
    public boolean requested(Resources r) {
        return r.pidsLimit().isPresent();
    }

    @Override
    public void set(V2Context ctx, String dir, Resources r) throws CgroupException {
        if (r.pidsLimit().isPresent()) {
            ctx.write(dir, "pids.max", r.pidsLimit().get().toV2());
        }
    }

    @Override
    public void stats(V2Context ctx, String dir, V2Stats s) throws CgroupException {
        Optional<String> current = ctx.readOptional(dir, "pids.current");
        if (current.isEmpty()) { // the pids controller is off here: count the processes, as opencontainers
            s.pids = new PidsStats(ctx.read(dir, "cgroup.procs").lines().filter(l -> !l.isBlank()).count(), 0);
            return;
        }
        long max = CgroupValues.parseUint(ctx.read(dir, "pids.max"));
        s.pids = new PidsStats(CgroupValues.parseUint(current.get()), max == CgroupValues.MAX ? 0 : max);
    }
}
