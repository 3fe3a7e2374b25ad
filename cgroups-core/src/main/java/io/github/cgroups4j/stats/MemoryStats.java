package io.github.cgroups4j.stats;

import java.util.Map;
import java.util.Optional;

/**
 * Memory statistics (runc's {@code MemoryStats}).
 *
 * @param cache page cache bytes (v1 {@code cache}, v2 {@code file})
 * @param usage memory usage, peak, failures, limit
 * @param swapUsage memory+swap (v1 {@code memory.memsw.*}; v2 swap + memory)
 * @param swapOnlyUsage swap alone
 * @param kernelUsage kernel memory ({@code memory.kmem.*}, v1)
 * @param kernelTcpUsage kernel TCP buffers ({@code memory.kmem.tcp.*}, v1)
 * @param pageUsageByNuma {@code memory.numa_stat}
 * @param useHierarchy {@code memory.use_hierarchy} (always true on v2)
 * @param stats every key of {@code memory.stat}
 * @param psi {@code memory.pressure}, where present (v2)
 */
public record MemoryStats(long cache, MemoryData usage, MemoryData swapUsage, MemoryData swapOnlyUsage,
        MemoryData kernelUsage, MemoryData kernelTcpUsage, PageUsageByNuma pageUsageByNuma, boolean useHierarchy,
        Map<String, Long> stats, Optional<PsiStats> psi) {
    /** Nothing read. */
    public static final MemoryStats EMPTY = new MemoryStats(0, MemoryData.ZERO, MemoryData.ZERO, MemoryData.ZERO,
            MemoryData.ZERO, MemoryData.ZERO, PageUsageByNuma.EMPTY, false, Map.of(), Optional.empty());

    /** Copies the map. */
    public MemoryStats {
        stats = Map.copyOf(stats);
    }
}
