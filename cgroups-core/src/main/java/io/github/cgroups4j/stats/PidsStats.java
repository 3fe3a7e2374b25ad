package io.github.cgroups4j.stats;

/**
 * Task counts.
 *
 * @param current tasks now ({@code pids.current})
 * @param limit {@code pids.max}; 0 when {@code max} (runc's convention)
 */
public record PidsStats(long current, long limit) {
    /** Nothing read. */
    public static final PidsStats EMPTY = new PidsStats(0, 0);
}
