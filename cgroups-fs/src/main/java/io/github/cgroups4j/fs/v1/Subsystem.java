package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Resources;

/** One cgroup v1 controller (runc's {@code subsystem}): how it creates and joins, sets, and reads statistics. */
interface Subsystem {
    /** @return the v1 subsystem name, the key of the paths map ({@code name=systemd}, {@code ""} for cgroup2) */
    String name();

    /** @return the controller */
    Controller controller();

    /**
     * Creates the cgroup (and missing parents) and moves {@code pid} into it. The default is runc's {@code apply}:
     * mkdir -p, then join.
     */
    default void apply(V1Context ctx, String path, Resources r, long pid) throws CgroupException {
        ctx.mkdirs(this, path);
        ctx.join(path, pid);
    }

    /** Writes the resources this controller owns; fields not set are left alone. */
    void set(V1Context ctx, String path, Resources r) throws CgroupException;

    /** Reads this controller's statistics into {@code s}. */
    default void stats(V1Context ctx, String path, V1Stats s) throws CgroupException {
    }
}
