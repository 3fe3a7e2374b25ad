package io.github.cgroups4j;

/** How a host mounts cgroups. */
public enum CgroupMode {
    /** Only cgroup v1 hierarchies. */
    LEGACY,
    /** cgroup v1 hierarchies for the controllers, and a cgroup2 mount (usually {@code /sys/fs/cgroup/unified}). */
    HYBRID,
    /** cgroup v2 only, mounted at the cgroup root. */
    UNIFIED
}
