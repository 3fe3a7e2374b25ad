package io.github.cgroups4j.events;

import java.util.List;
import java.util.Objects;

/**
 * What to watch. OOM events are always watched (v1 {@code memory.oom_control}, v2 {@code memory.events}); on v1 also
 * the usage thresholds and pressure levels asked for; on either the PSI triggers asked for (on v1 hybrid hosts, on the
 * cgroup2 side).
 *
 * @param thresholds v1 usage thresholds in bytes: an event each time usage crosses one, up or down
 * @param pressureLevels v1 pressure levels, {@code low}, {@code medium} or {@code critical}
 * @param psi PSI triggers
 */
public record EventRequest(List<Long> thresholds, List<String> pressureLevels, List<PsiTrigger> psi) {
    /** Checks and copies the lists. */
    public EventRequest {
        thresholds = List.copyOf(thresholds);
        pressureLevels = List.copyOf(pressureLevels);
        psi = List.copyOf(psi);
        for (long t : thresholds) {
            if (t <= 0) {
                throw new IllegalArgumentException("threshold " + t + ": must be a positive number of bytes");
            }
        }
        for (String l : pressureLevels) {
            if (!List.of("low", "medium", "critical").contains(Objects.requireNonNull(l))) {
                throw new IllegalArgumentException("pressure level \"" + l + "\" is not low, medium or critical");
            }
        }
    }

    /** @return OOM events only */
    public static EventRequest oom() {
        return new EventRequest(List.of(), List.of(), List.of());
    }

    /** @param bytes a v1 usage threshold @return this request with it */
    public EventRequest withThreshold(long bytes) {
        return new EventRequest(append(thresholds, bytes), pressureLevels, psi);
    }

    /** @param level low, medium or critical @return this request with it */
    public EventRequest withPressureLevel(String level) {
        return new EventRequest(thresholds, append(pressureLevels, level), psi);
    }

    /** @param trigger a PSI trigger @return this request with it */
    public EventRequest withPsi(PsiTrigger trigger) {
        return new EventRequest(thresholds, pressureLevels, append(psi, trigger));
    }

    private static <T> List<T> append(List<T> l, T x) {
        List<T> out = new java.util.ArrayList<>(l);
        out.add(x);
        return out;
    }
}
