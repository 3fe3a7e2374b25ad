package io.github.cgroups4j.testkit;

import java.util.Objects;

/**
 * The kernel a {@link FakeCgroupFs} behaves like: its release string and the behaviours that differ between
 * kernels. Three are built in; {@link #withMemoryIdCap(int)} and friends make variants.
 *
 * @param name a short name, e.g. {@code centos7}
 * @param release the kernel release the fake's procfs reports
 * @param kmem how {@code memory.kmem.limit_in_bytes} behaves
 * @param memoryIdCap how many memory cgroup IDs exist (65535 on real kernels; smaller for fast tests)
 * @param cfqBlkio whether blkio offers CFQ's {@code blkio.weight} ({@code true}) or only BFQ's
 *     {@code blkio.bfq.weight}
 * @param cpus how many CPUs the machine has (the root cpuset)
 * @param memoryUseHierarchy the root's {@code memory.use_hierarchy}, inherited by new cgroups
 */
public record KernelProfile(String name, String release, KmemBehaviour kmem, int memoryIdCap, boolean cfqBlkio,
        int cpus, boolean memoryUseHierarchy) {

    /** How kernel-memory accounting behaves on cgroup v1. */
    public enum KmemBehaviour {
        /**
         * RHEL/CentOS 7 (3.10 el7): the first write to {@code memory.kmem.limit_in_bytes} activates accounting
         * (EBUSY once the cgroup has tasks or children); a child of an active parent with {@code use_hierarchy=1} is
         * active from birth; an active memcg's ID is never freed on {@code rmdir}; {@code memory.kmem.slabinfo} is
         * EIO while inactive.
         */
        LEAKY,
        /**
         * Kernels 4.x after the kmemcg rework (e.g. 4.4 with its stable fixes): the first limited write activates
         * accounting (EBUSY once the cgroup has tasks or children) and the limit holds, but IDs are recycled.
         */
        ENFORCED,
        /** Kernel 6.x: kmem limit writes succeed and are ignored; IDs are recycled. */
        IGNORED,
        /** cgroup v2: there are no kmem files. */
        ABSENT
    }

    /** Checks the fields. */
    public KernelProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(kmem, "kmem");
        if (memoryIdCap < 2) {
            throw new IllegalArgumentException("memoryIdCap: " + memoryIdCap + " leaves no room for a child");
        }
        if (cpus < 1 || cpus > 8192) {
            throw new IllegalArgumentException("cpus: " + cpus + " is out of range [1, 8192]");
        }
    }

    /** @return CentOS 7.3 ({@code 3.10.0-514.10.2.el7.x86_64}): the leaking kmem of the incident, CFQ, 4 CPUs */
    public static KernelProfile centos7() {
        return new KernelProfile("centos7", "3.10.0-514.10.2.el7.x86_64", KmemBehaviour.LEAKY, 65535, true, 4, true);
    }

    /** @return Ubuntu 16.04's 4.4 ({@code 4.4.0-210-generic}): kmem limits enforced, IDs recycled, CFQ, 4 CPUs */
    public static KernelProfile xenial() {
        return new KernelProfile("xenial", "4.4.0-210-generic", KmemBehaviour.ENFORCED, 65535, true, 4, true);
    }

    /** @return a modern v1 kernel ({@code 6.18.44}) like the project's build machines: kmem ignored, BFQ only */
    public static KernelProfile modernV1() {
        return new KernelProfile("modern-v1", "6.18.44-fc-v595", KmemBehaviour.IGNORED, 65535, false, 2, true);
    }

    /** @return a cgroup v2 kernel ({@code 6.1.0-28-amd64}) */
    public static KernelProfile v2() {
        return new KernelProfile("v2", "6.1.0-28-amd64", KmemBehaviour.ABSENT, 65535, false, 2, true);
    }

    /**
     * @param cap the number of memory cgroup IDs
     * @return this profile with that cap (for fast tests)
     */
    public KernelProfile withMemoryIdCap(int cap) {
        return new KernelProfile(name, release, kmem, cap, cfqBlkio, cpus, memoryUseHierarchy);
    }

    /**
     * @param r a kernel release
     * @return this profile reporting that release
     */
    public KernelProfile withRelease(String r) {
        return new KernelProfile(name, r, kmem, memoryIdCap, cfqBlkio, cpus, memoryUseHierarchy);
    }

    /**
     * @param n the CPU count
     * @return this profile with {@code n} CPUs
     */
    public KernelProfile withCpus(int n) {
        return new KernelProfile(name, release, kmem, memoryIdCap, cfqBlkio, n, memoryUseHierarchy);
    }

    /**
     * @param useHierarchy the root's {@code memory.use_hierarchy}
     * @return this profile with it
     */
    public KernelProfile withMemoryUseHierarchy(boolean useHierarchy) {
        return new KernelProfile(name, release, kmem, memoryIdCap, cfqBlkio, cpus, useHierarchy);
    }
}
