package io.github.cgroups4j;

import java.util.Optional;

/**
 * A cgroup controller (v1 "subsystem"), with its v1 hierarchy name and its cgroup v2 name where it has one.
 *
 * <p>{@link #NAME_SYSTEMD} is the named v1 hierarchy systemd keeps without a controller; {@link #UNIFIED} stands for
 * the cgroup2 hierarchy itself (the {@code ""} key of runc's paths map), joined on hybrid hosts.
 */
public enum Controller {
    /** CPU scheduling: shares, CFS quota, rt, idle. */
    CPU("cpu", "cpu"),
    /** CPU accounting (v1); on v2 part of {@code cpu}. */
    CPUACCT("cpuacct", null),
    /** CPU and memory node pinning. */
    CPUSET("cpuset", "cpuset"),
    /** Memory limits and accounting. */
    MEMORY("memory", "memory"),
    /** Device access (v1 lists; v2 uses eBPF). */
    DEVICES("devices", null),
    /** Freezing tasks (v1 controller; v2 {@code cgroup.freeze}). */
    FREEZER("freezer", null),
    /** Block I/O (v1 {@code blkio}, v2 {@code io}). */
    BLKIO("blkio", "io"),
    /** Number of tasks. */
    PIDS("pids", "pids"),
    /** Huge page limits. */
    HUGETLB("hugetlb", "hugetlb"),
    /** Network class id (v1 only). */
    NET_CLS("net_cls", null),
    /** Network priority map (v1 only). */
    NET_PRIO("net_prio", null),
    /** perf_event grouping. */
    PERF_EVENT("perf_event", "perf_event"),
    /** RDMA resources. */
    RDMA("rdma", "rdma"),
    /** Miscellaneous scalar resources. */
    MISC("misc", "misc"),
    /** systemd's named v1 hierarchy ({@code name=systemd}): joined, never limited. */
    NAME_SYSTEMD("name=systemd", null),
    /** The cgroup2 hierarchy as a whole (runc's {@code ""} path key). */
    UNIFIED("", null);

    private final String v1Name;
    private final String v2Name;

    Controller(String v1Name, String v2Name) {
        this.v1Name = v1Name;
        this.v2Name = v2Name;
    }

    /** @return the v1 subsystem name, as in {@code /proc/cgroups} and mount options ({@code ""} for UNIFIED) */
    public String v1Name() {
        return v1Name;
    }

    /** @return the cgroup v2 controller name, if this controller exists on v2 as a controller */
    public Optional<String> v2Name() {
        return Optional.ofNullable(v2Name);
    }

    /**
     * @param name a v1 subsystem name such as {@code cpuacct} or {@code name=systemd}, or {@code ""}
     * @return the controller, or empty when cgroups4j does not know it
     */
    public static Optional<Controller> ofV1Name(String name) {
        for (Controller c : values()) {
            if (c.v1Name.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
