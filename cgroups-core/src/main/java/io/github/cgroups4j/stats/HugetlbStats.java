package io.github.cgroups4j.stats;

/**
 * One huge page size's usage.
 *
 * @param usage bytes in use
 * @param maxUsage peak bytes (v1)
 * @param failcnt allocations refused by the limit
 */
public record HugetlbStats(long usage, long maxUsage, long failcnt) {
}
