package io.github.cgroups4j.kernel;

/** When kernel-memory accounting may be enabled on a cgroup v1 memory cgroup. */
public enum KmemPolicy {
    /**
     * The patch, and the default: enable accounting and write the kmem limit only when {@code kernelMemory} is set
     * and non-zero, the kernel is at least the gate's minimum (4.3 unless configured) and the hierarchy is v1.
     * A {@code kernelMemoryTcp} limit is written under the same kernel and v1 condition.
     */
    GATED,
    /** Never enable accounting nor write a kmem limit, like runc's {@code nokmem} build and runc 1.0 and later. */
    DISABLED,
    /**
     * runc v1.0.0-rc3 to rc93 as Kubernetes 1.9 vendored it: every memory cgroup the manager itself creates with any
     * memory setting gets accounting enabled (a cgroup it only joins is left alone), whatever the kernel. For
     * reproducing the incident; it is logged as a warning.
     */
    LEGACY_ALWAYS
}
