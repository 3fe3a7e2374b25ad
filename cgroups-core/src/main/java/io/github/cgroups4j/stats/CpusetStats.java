package io.github.cgroups4j.stats;

import java.util.List;

/**
 * cpuset settings (v1 files, runc's {@code CPUSetStats}).
 *
 * @param cpus {@code cpuset.cpus}
 * @param mems {@code cpuset.mems}
 * @param cpuExclusive {@code cpuset.cpu_exclusive}
 * @param memHardwall {@code cpuset.mem_hardwall}
 * @param memExclusive {@code cpuset.mem_exclusive}
 * @param memoryMigrate {@code cpuset.memory_migrate}
 * @param memorySpreadPage {@code cpuset.memory_spread_page}
 * @param memorySpreadSlab {@code cpuset.memory_spread_slab}
 * @param memoryPressure {@code cpuset.memory_pressure}
 * @param schedLoadBalance {@code cpuset.sched_load_balance}
 * @param schedRelaxDomainLevel {@code cpuset.sched_relax_domain_level} (may be -1)
 */
public record CpusetStats(List<Integer> cpus, List<Integer> mems, long cpuExclusive, long memHardwall,
        long memExclusive, long memoryMigrate, long memorySpreadPage, long memorySpreadSlab, long memoryPressure,
        long schedLoadBalance, long schedRelaxDomainLevel) {
    /** Nothing read. */
    public static final CpusetStats EMPTY = new CpusetStats(List.of(), List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Copies the lists. */
    public CpusetStats {
        cpus = List.copyOf(cpus);
        mems = List.copyOf(mems);
    }
}
