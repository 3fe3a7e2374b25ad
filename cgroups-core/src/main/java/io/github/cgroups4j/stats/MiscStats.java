package io.github.cgroups4j.stats;

/**
 * One misc resource ({@code misc.current}, {@code misc.events}).
 *
 * @param usage in use
 * @param events times the limit was hit
 */
public record MiscStats(long usage, long events) {
}
