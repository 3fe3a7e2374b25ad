package io.github.cgroups4j.stats;

/**
 * One line of a block I/O statistics file.
 *
 * @param major device major number
 * @param minor device minor number
 * @param op operation: {@code Read}, {@code Write}, {@code Sync}, {@code Async}, {@code Discard}, {@code Total},
 *     or empty for files without one
 * @param value the counter
 */
public record BlkioStatEntry(long major, long minor, String op, long value) {
}
