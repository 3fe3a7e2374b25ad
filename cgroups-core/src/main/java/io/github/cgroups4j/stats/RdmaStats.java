package io.github.cgroups4j.stats;

import java.util.List;

/**
 * RDMA limits and usage.
 *
 * @param rdmaLimit {@code rdma.max}
 * @param rdmaCurrent {@code rdma.current}
 */
public record RdmaStats(List<RdmaEntry> rdmaLimit, List<RdmaEntry> rdmaCurrent) {
    /** Nothing read. */
    public static final RdmaStats EMPTY = new RdmaStats(List.of(), List.of());

    /** Copies the lists. */
    public RdmaStats {
        rdmaLimit = List.copyOf(rdmaLimit);
        rdmaCurrent = List.copyOf(rdmaCurrent);
    }
}
