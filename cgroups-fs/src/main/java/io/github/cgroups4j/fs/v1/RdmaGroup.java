package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.RdmaLimit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.RdmaFile;
import io.github.cgroups4j.stats.RdmaEntry;
import io.github.cgroups4j.stats.RdmaStats;
import java.util.List;
import java.util.Map;

/**
 * rdma: one {@code rdma.max} line per device; statistics from {@code rdma.max} and {@code rdma.current}, with
 * {@code max} read as 4294967295 (MaxUint32), as runc.
 */
final class RdmaGroup implements Subsystem {
    @Override
    public String name() {
        return "rdma";
    }

    @Override
    public Controller controller() {
        return Controller.RDMA;
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        for (Map.Entry<String, RdmaLimit> e : r.rdma().entrySet()) {
            ctx.write(path, "rdma.max", e.getValue().line(e.getKey()));
        }
    }

    @Override
    public void stats(V1Context ctx, String path, V1Stats s) throws CgroupException {
        s.rdma = new RdmaStats(entries(ctx, path, "rdma.max"), entries(ctx, path, "rdma.current"));
    }

    static List<RdmaEntry> entries(V1Context ctx, String path, String file) throws CgroupException {
        return RdmaFile.parse(file, ctx.read(path, file));
    }
}
