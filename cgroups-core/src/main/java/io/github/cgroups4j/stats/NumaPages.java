package io.github.cgroups4j.stats;

import java.util.Map;

/**
 * Pages of one kind per NUMA node ({@code memory.numa_stat}).
 *
 * @param total pages on all nodes
 * @param nodes node number to pages
 */
public record NumaPages(long total, Map<Integer, Long> nodes) {
    /** None. */
    public static final NumaPages ZERO = new NumaPages(0, Map.of());

    /** Copies the map. */
    public NumaPages {
        nodes = Map.copyOf(nodes);
    }
}
