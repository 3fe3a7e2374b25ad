package io.github.cgroups4j.stats;

import java.util.Optional;

/**
 * CPU statistics.
 *
 * @param usage time used
 * @param throttling CFS throttling
 * @param burst CFS bursts
 * @param psi {@code cpu.pressure}, where present (v2)
 */
public record CpuStats(CpuUsage usage, ThrottlingData throttling, BurstData burst, Optional<PsiStats> psi) {
    /** Nothing measured. */
    public static final CpuStats EMPTY = new CpuStats(CpuUsage.ZERO, ThrottlingData.ZERO, BurstData.ZERO, Optional.empty());
}
