package io.github.cgroups4j.examples;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.fs.CgroupfsManagers;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;

/**
 * A resource policy of the kind people unit-test with the testkit: batch jobs get limits by size class, under
 * {@code /batch}, and a job that asks for kernel memory goes through the gate (strictly: refused is an error).
 */
public final class BatchJobPolicy {
    /** Job sizes. */
    public enum Size {
        /** 256 MiB, a quarter CPU, 64 tasks. */
        SMALL(256L << 20, 25_000, 64),
        /** 2 GiB, two CPUs, 512 tasks. */
        LARGE(2L << 30, 200_000, 512);

        final long memory;
        final long quota;
        final long pids;

        Size(long memory, long quota, long pids) {
            this.memory = memory;
            this.quota = quota;
            this.pids = pids;
        }
    }

    private final CgroupFs fs;
    private final ProcFs proc;

    /**
     * @param fs the cgroupfs (the real one, or a FakeCgroupFs in tests)
     * @param proc the procfs
     */
    public BatchJobPolicy(CgroupFs fs, ProcFs proc) {
        this.fs = fs;
        this.proc = proc;
    }

    /**
     * @param size the job's size class
     * @param kernelMemory a kernel-memory limit the job asks for, or 0 for none
     * @return the limits of a job
     */
    public static Resources limits(Size size, long kernelMemory) {
        Resources.Builder b = Resources.builder().memory(size.memory).memorySwap(size.memory)
                .cpuPeriod(100_000).cpuQuota(size.quota).pidsLimit(Limit.of(size.pids));
        if (kernelMemory > 0) {
            b.kernelMemory(kernelMemory);
        }
        return b.build();
    }

    /**
     * Creates the job's cgroup with its limits.
     *
     * @param job the job's name
     * @param size its size class
     * @param kernelMemory kernel memory asked for, or 0
     * @return the manager of the job's cgroup
     * @throws CgroupException if the cgroup cannot be created or the gate refuses the kernel memory
     */
    public CgroupManager start(String job, Size size, long kernelMemory) throws CgroupException {
        Resources r = limits(size, kernelMemory);
        // v1 or v2, whatever the host (or the fake) is: the policy does not care
        CgroupManager m = CgroupfsManagers.create(CgroupConfig.forPath("/batch/" + job).resources(r).kmemStrict(true)
                .build(), fs, proc);
        m.apply(CgroupManager.NO_PID);
        try {
            m.set(r);
        } catch (CgroupException e) {
            m.destroy();
            throw e;
        }
        return m;
    }
}
