package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Resources;

/** net_cls: {@code net_cls.classid}. */
final class NetClsGroup implements Subsystem {
    @Override
    public String name() {
        return "net_cls";
    }

    @Override
    public Controller controller() {
        return Controller.NET_CLS;
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        if (r.netClsClassid().isPresent()) {
            ctx.write(path, "net_cls.classid", Long.toString(r.netClsClassid().getAsLong()));
        }
    }
}
