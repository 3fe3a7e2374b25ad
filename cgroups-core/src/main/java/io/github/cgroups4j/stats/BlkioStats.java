package io.github.cgroups4j.stats;

import java.util.List;
import java.util.Optional;

/**
 * Block I/O statistics (runc's {@code BlkioStats}; v2 {@code io.stat} maps onto the first two lists).
 *
 * @param ioServiceBytesRecursive bytes transferred
 * @param ioServicedRecursive I/O operations
 * @param ioQueuedRecursive queued operations
 * @param ioServiceTimeRecursive service time
 * @param ioWaitTimeRecursive wait time
 * @param ioMergedRecursive merged operations
 * @param ioTimeRecursive device time
 * @param sectorsRecursive sectors transferred
 * @param ioCostUsage v2 {@code cost.usage}
 * @param ioCostWait v2 {@code cost.wait}
 * @param ioCostIndebt v2 {@code cost.indebt}
 * @param ioCostIndelay v2 {@code cost.indelay}
 * @param psi {@code io.pressure}, where present (v2)
 */
public record BlkioStats(List<BlkioStatEntry> ioServiceBytesRecursive, List<BlkioStatEntry> ioServicedRecursive,
        List<BlkioStatEntry> ioQueuedRecursive, List<BlkioStatEntry> ioServiceTimeRecursive,
        List<BlkioStatEntry> ioWaitTimeRecursive, List<BlkioStatEntry> ioMergedRecursive,
        List<BlkioStatEntry> ioTimeRecursive, List<BlkioStatEntry> sectorsRecursive, List<BlkioStatEntry> ioCostUsage,
        List<BlkioStatEntry> ioCostWait, List<BlkioStatEntry> ioCostIndebt, List<BlkioStatEntry> ioCostIndelay,
        Optional<PsiStats> psi) {
    /** Nothing read. */
    public static final BlkioStats EMPTY = new BlkioStats(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Optional.empty());

    /** Copies the lists. */
    public BlkioStats {
        ioServiceBytesRecursive = List.copyOf(ioServiceBytesRecursive);
        ioServicedRecursive = List.copyOf(ioServicedRecursive);
        ioQueuedRecursive = List.copyOf(ioQueuedRecursive);
        ioServiceTimeRecursive = List.copyOf(ioServiceTimeRecursive);
        ioWaitTimeRecursive = List.copyOf(ioWaitTimeRecursive);
        ioMergedRecursive = List.copyOf(ioMergedRecursive);
        ioTimeRecursive = List.copyOf(ioTimeRecursive);
        sectorsRecursive = List.copyOf(sectorsRecursive);
        ioCostUsage = List.copyOf(ioCostUsage);
        ioCostWait = List.copyOf(ioCostWait);
        ioCostIndebt = List.copyOf(ioCostIndebt);
        ioCostIndelay = List.copyOf(ioCostIndelay);
    }
}
