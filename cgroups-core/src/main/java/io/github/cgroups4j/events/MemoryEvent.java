package io.github.cgroups4j.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event.
 *
 * @param kind what happened
 * @param cgroup the cgroup's directory
 * @param counters the counters read when it happened (v1: {@code oom_kill}, {@code under_oom}, {@code usage}; v2: the
 *     whole of {@code memory.events}; a threshold's {@code threshold} and {@code usage}), possibly empty
 * @param detail words: the threshold, the pressure level, the PSI trigger, why the stream ended
 * @param time when it was seen
 */
public record MemoryEvent(EventKind kind, String cgroup, Map<String, Long> counters, String detail, Instant time) {
    /** Copies the counters. */
    public MemoryEvent {
        Objects.requireNonNull(kind, "kind");
        counters = Map.copyOf(counters);
        detail = detail == null ? "" : detail;
    }
}
