package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.IfPrioMap;
import io.github.cgroups4j.Resources;

/** net_prio: one {@code net_prio.ifpriomap} write per interface. */
final class NetPrioGroup implements Subsystem {
    @Override
    public String name() {
        return "net_prio";
    }

    @Override
    public Controller controller() {
        return Controller.NET_PRIO;
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        for (IfPrioMap p : r.netPrioIfpriomap()) {
            ctx.write(path, "net_prio.ifpriomap", p.toV1());
        }
    }
}
