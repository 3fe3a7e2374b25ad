package io.github.cgroups4j.fs.v2;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Resources;

/** One cgroup v2 controller: what of the resources is its own, how it writes them, how it reads statistics. */
interface V2Controller {
    /** @return the v2 controller name ({@code cpu}, {@code memory}, ...), as in {@code cgroup.controllers} */
    String name();

    /** @return whether {@code r} sets anything this controller writes (opencontainers' {@code isXSet}) */
    boolean requested(Resources r);

    /** @return whether it is a domain controller (not thread-aware), which a threaded cgroup cannot use */
    default boolean domain() {
        return true;
    }

    /** Writes the resources this controller owns; fields not set are left alone. */
    void set(V2Context ctx, String dir, Resources r) throws CgroupException;

    /** Reads this controller's statistics into {@code s}; files the kernel lacks are skipped. */
    default void stats(V2Context ctx, String dir, V2Stats s) throws CgroupException {
    }
}
