package io.github.cgroups4j.fs;

import java.util.List;
import java.util.Map;

/**
 * What one successful {@code apply} did: where the process was before (to move it back) and which directories the
 * call created (to remove them, with {@code rmdir} only). Returned by {@link TrackedApply#applyTracked(long)} to a
 * caller that has more to do after the cgroupfs part and must undo exactly that part when the rest fails (the
 * systemd driver, which starts a unit afterwards).
 *
 * @param pid the process that joined, or {@code -1}
 * @param origin hierarchy key (as in {@code paths()}: the v1 subsystem name, {@code ""} for cgroup2) to the
 *     directory the process was in before; empty when no process joined
 * @param created the directories the call created, in creation order (parents first)
 */
public record Applied(long pid, Map<String, String> origin, List<String> created) {
    /** Copies the collections. */
    public Applied {
        origin = Map.copyOf(origin);
        created = List.copyOf(created);
    }
}
