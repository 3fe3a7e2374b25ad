package io.github.cgroups4j.events;

/** What happened. */
public enum EventKind {
    /** v1 {@code memory.oom_control}: the cgroup hit its limit and the OOM killer ran (or, disabled, waits). */
    OOM,
    /** A task was killed by the OOM killer (v1: {@code oom_kill} of {@code memory.oom_control}, v2: of {@code memory.events}). */
    OOM_KILL,
    /** v1: {@code memory.usage_in_bytes} crossed a registered threshold, up or down. */
    THRESHOLD,
    /** v1: {@code memory.pressure_level} reported the registered level. */
    PRESSURE_LEVEL,
    /** v2 {@code memory.events low}: reclaimed below {@code memory.low}. */
    LOW,
    /** v2 {@code memory.events high}: throttled above {@code memory.high}. */
    HIGH,
    /** v2 {@code memory.events max}: reached {@code memory.max}. */
    MAX,
    /** v2 {@code memory.events oom}: the cgroup ran out of memory (a kill follows unless it could be avoided). */
    OOM_V2,
    /** A PSI trigger fired: stall time over its threshold within its window. */
    PSI,
    /** The stream ended: the cgroup was removed, or (v2) emptied ({@code populated 0}). The last event. */
    ENDED;

    /**
     * @param key a key of cgroup v2's {@code memory.events}
     * @return the event a rise of that counter is, or null for a key that is none ({@code oom_group_kill}: its kills
     *     are counted in {@code oom_kill} too)
     */
    public static EventKind ofMemoryEventsKey(String key) {
        return switch (key) {
            case "low" -> LOW;
            case "high" -> HIGH;
            case "max" -> MAX;
            case "oom" -> OOM_V2;
            case "oom_kill" -> OOM_KILL;
            default -> null;
        };
    }
}
