package io.github.cgroups4j.stats;

/**
 * CFS throttling ({@code cpu.stat}).
 *
 * @param periods enforcement periods elapsed
 * @param throttledPeriods periods in which the group was throttled
 * @param throttledTime total time throttled, nanoseconds
 */
public record ThrottlingData(long periods, long throttledPeriods, long throttledTime) {
    /** Never throttled. */
    public static final ThrottlingData ZERO = new ThrottlingData(0, 0, 0);
}
