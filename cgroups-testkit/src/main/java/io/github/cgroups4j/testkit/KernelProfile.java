package io.github.cgroups4j.testkit;

import java.util.List;
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
 * @param pageSize the page size in bytes (4096 on x86; 65536 on many arm64 and ppc64le kernels)
 * @param hugePageSizes the huge page sizes, as the hugetlb controller names them ({@code 2MB}, {@code 1GB})
 * @param memoryUseHierarchy the root's {@code memory.use_hierarchy}, inherited by new cgroups
 */
public record KernelProfile(String name, String release, KmemBehaviour kmem, int memoryIdCap, boolean cfqBlkio,
        int cpus, boolean memoryUseHierarchy, long pageSize, List<String> hugePageSizes) {

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
        if (pageSize < 4096 || Long.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("pageSize: " + pageSize + " is not a power of two >= 4096");
        }
        hugePageSizes = List.copyOf(hugePageSizes);
        for (String size : hugePageSizes) {
            if (!size.matches("[1-9][0-9]*(KB|MB|GB)")) {
                throw new IllegalArgumentException("hugePageSizes: \"" + size + "\" is not a size such as 2MB");
            }
        }
    }

    /** The huge page sizes of an x86-64 machine. */
    private static final List<String> X86_HUGE_PAGES = List.of("2MB", "1GB");

    /** @return what an unlimited v1 limit reads as: PAGE_COUNTER_MAX pages of this page size */
    public long unlimitedBytes() {
        return Long.MAX_VALUE / pageSize * pageSize;
    }

    /**
     * @param bytes the page size
     * @return this profile with that page size (e.g. 65536 for an arm64 kernel with 64 KiB pages)
     */
    public KernelProfile withPageSize(long bytes) {
        return new KernelProfile(name, release, kmem, memoryIdCap, cfqBlkio, cpus, memoryUseHierarchy, bytes,
                hugePageSizes);
    }

    /**
     * @param sizes huge page sizes, e.g. {@code 2MB}
     * @return this profile with those huge page sizes
     */
    public KernelProfile withHugePageSizes(List<String> sizes) {
        return new KernelProfile(name, release, kmem, memoryIdCap, cfqBlkio, cpus, memoryUseHierarchy, pageSize,
                sizes);
    }

    /** @return CentOS 7.3 ({@code 3.10.0-514.10.2.el7.x86_64}): the leaking kmem of the incident, CFQ, 4 CPUs */
    public static KernelProfile centos7() {
        return new KernelProfile("centos7", "3.10.0-514.10.2.el7.x86_64", KmemBehaviour.LEAKY, 65535, true, 4, true, 4096, X86_HUGE_PAGES);
    }

    /** @return Ubuntu 16.04's 4.4 ({@code 4.4.0-210-generic}): kmem limits enforced, IDs recycled, CFQ, 4 CPUs */
    public static KernelProfile xenial() {
        return new KernelProfile("xenial", "4.4.0-210-generic", KmemBehaviour.ENFORCED, 65535, true, 4, true, 4096, X86_HUGE_PAGES);
    }

    /** @return a modern v1 kernel ({@code 6.18.44}) like the project's build machines: kmem ignored, BFQ only */
    public static KernelProfile modernV1() {
        return new KernelProfile("modern-v1", "6.18.44-fc-v595", KmemBehaviour.IGNORED, 65535, false, 2, true, 4096, X86_HUGE_PAGES);
    }

    /** @return a cgroup v2 kernel ({@code 6.1.0-28-amd64}) */
    public static KernelProfile v2() {
        return new KernelProfile("v2", "6.1.0-28-amd64", KmemBehaviour.ABSENT, 65535, false, 2, true, 4096, X86_HUGE_PAGES);
    }

    /**
     * @param cap the number of memory cgroup IDs
     * @return this profile with that cap (for fast tests)
     */
    public KernelProfile withMemoryIdCap(int cap) {
        return new KernelProfile(name, release, kmem, cap, cfqBlkio, cpus, memoryUseHierarchy, pageSize, hugePageSizes);
    }

    /**
     * @param r a kernel release
     * @return this profile reporting that release
     */
    public KernelProfile withRelease(String r) {
        return new KernelProfile(name, r, kmem, memoryIdCap, cfqBlkio, cpus, memoryUseHierarchy, pageSize, hugePageSizes);
    }

    /**
     * @param n the CPU count
     * @return this profile with {@code n} CPUs
     */
    public KernelProfile withCpus(int n) {
        return new KernelProfile(name, release, kmem, memoryIdCap, cfqBlkio, n, memoryUseHierarchy, pageSize, hugePageSizes);
    }

    /**
     * @param useHierarchy the root's {@code memory.use_hierarchy}
     * @return this profile with it
     */
    public KernelProfile withMemoryUseHierarchy(boolean useHierarchy) {
        return new KernelProfile(name, release, kmem, memoryIdCap, cfqBlkio, cpus, useHierarchy, pageSize, hugePageSizes);
    }
}
