package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.CgroupValues;
import io.github.cgroups4j.stats.PidsStats;

/** pids: {@code pids.max} ({@code max} when unlimited); statistics {@code pids.current} and the limit. */
final class PidsGroup implements Subsystem {
    @Override
    public String name() {
        return "pids";
    }

    @Override
    public Controller controller() {
        return Controller.PIDS;
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        if (r.pidsLimit().isPresent()) {
            Limit l = r.pidsLimit().get();
            ctx.write(path, "pids.max", l.toV2());
        }
    }

    @Override
    public void stats(V1Context ctx, String path, V1Stats s) throws CgroupException {
        long current = ctx.readUint(path, "pids.current");
        long max = ctx.readUint(path, "pids.max");
        s.pids = new PidsStats(current, max == CgroupValues.MAX ? 0 : max);
    }
}
