package io.github.cgroups4j.stats;

import java.util.List;

/**
 * CPU time used (runc's {@code CpuUsage}), in nanoseconds.
 *
 * @param totalUsage total CPU time
 * @param percpuUsage per CPU
 * @param percpuUsageInKernelmode per CPU, kernel mode (v1 {@code cpuacct.usage_all})
 * @param percpuUsageInUsermode per CPU, user mode
 * @param usageInKernelmode kernel mode (v1 from {@code cpuacct.stat} USER_HZ ticks)
 * @param usageInUsermode user mode
 */
public record CpuUsage(long totalUsage, List<Long> percpuUsage, List<Long> percpuUsageInKernelmode,
        List<Long> percpuUsageInUsermode, long usageInKernelmode, long usageInUsermode) {
    /** Nothing used. */
    public static final CpuUsage ZERO = new CpuUsage(0, List.of(), List.of(), List.of(), 0, 0);

    /** Copies the lists. */
    public CpuUsage {
        percpuUsage = List.copyOf(percpuUsage);
        percpuUsageInKernelmode = List.copyOf(percpuUsageInKernelmode);
        percpuUsageInUsermode = List.copyOf(percpuUsageInUsermode);
    }
}
