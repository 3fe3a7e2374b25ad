package io.github.cgroups4j.stats;

/**
 * CFS burst ({@code cpu.stat} {@code nr_bursts}, {@code burst_time}/{@code burst_usec}).
 *
 * @param burstsPeriods periods in which a burst happened
 * @param burstTime total burst time, nanoseconds
 */
public record BurstData(long burstsPeriods, long burstTime) {
    /** No bursts. */
    public static final BurstData ZERO = new BurstData(0, 0);
}
