package io.github.cgroups4j.stats;

/**
 * One memory counter family (runc's {@code MemoryData}), in bytes.
 *
 * @param usage current usage
 * @param maxUsage peak usage
 * @param failcnt how many times the limit was hit
 * @param limit the limit ({@link Long#MAX_VALUE} or the kernel's page-rounded maximum when unlimited)
 */
public record MemoryData(long usage, long maxUsage, long failcnt, long limit) {
    /** Nothing read. */
    public static final MemoryData ZERO = new MemoryData(0, 0, 0, 0);
}
