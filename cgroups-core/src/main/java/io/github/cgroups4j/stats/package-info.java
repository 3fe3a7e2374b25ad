/**
 * Statistics of a cgroup as records, following runc's {@code cgroups.Stats}: {@link io.github.cgroups4j.stats.Stats}
 * and its parts. Counters are unsigned 64-bit kernel values held in a {@code long}; a value that does not fit, and
 * {@code max}, read as {@link java.lang.Long#MAX_VALUE}. Times are nanoseconds unless a name says otherwise.
 */
package io.github.cgroups4j.stats;
