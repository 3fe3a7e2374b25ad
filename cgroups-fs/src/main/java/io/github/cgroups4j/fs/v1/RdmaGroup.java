package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.RdmaLimit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.CgroupValues;
import io.github.cgroups4j.parse.NestedKeyedFile;
import io.github.cgroups4j.stats.RdmaEntry;
import io.github.cgroups4j.stats.RdmaStats;
import java.util.ArrayList;
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
            StringBuilder line = new StringBuilder(e.getKey());
            e.getValue().hcaHandles().ifPresent(v -> line.append(" hca_handle=").append(v));
            e.getValue().hcaObjects().ifPresent(v -> line.append(" hca_object=").append(v));
            ctx.write(path, "rdma.max", line.toString());
        }
    }

    @Override
    public void stats(V1Context ctx, String path, V1Stats s) throws CgroupException {
        s.rdma = new RdmaStats(entries(ctx, path, "rdma.max"), entries(ctx, path, "rdma.current"));
    }

    /** runc reads {@code max} as MaxUint32 (the counters are 32-bit). */
    private static long uint32(long v) {
        return v == CgroupValues.MAX ? 0xFFFF_FFFFL : v;
    }

    static List<RdmaEntry> entries(V1Context ctx, String path, String file) throws CgroupException {
        List<RdmaEntry> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> e : NestedKeyedFile.parse(file, ctx.read(path, file)).entrySet()) {
            out.add(new RdmaEntry(e.getKey(), uint32(e.getValue().getOrDefault("hca_handle", CgroupValues.MAX)),
                    uint32(e.getValue().getOrDefault("hca_object", CgroupValues.MAX))));
        }
        return out;
    }
}
