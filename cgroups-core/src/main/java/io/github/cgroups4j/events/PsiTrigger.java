package io.github.cgroups4j.events;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A PSI trigger (cgroup v2, kernel 5.2+): fire when tasks of the cgroup stalled on {@code resource} for at least
 * {@code stall} within a {@code window}. The kernel takes windows of 500 ms to 10 s, and the stall at most the window.
 *
 * @param resource {@code memory}, {@code cpu} or {@code io}
 * @param full whether {@code full} (every task stalled) rather than {@code some}
 * @param stall the stall time
 * @param window the window
 */
public record PsiTrigger(String resource, boolean full, Duration stall, Duration window) {
    /** Checks the fields as the kernel would. */
    public PsiTrigger {
        Objects.requireNonNull(resource, "resource");
        if (!resource.equals("memory") && !resource.equals("cpu") && !resource.equals("io")) {
            throw new IllegalArgumentException("PSI resource \"" + resource + "\" is not memory, cpu or io");
        }
        long w = window.toNanos() / 1000;
        long s = stall.toNanos() / 1000;
        if (w < 500_000 || w > 10_000_000) {
            throw new IllegalArgumentException("PSI window " + window.toMillis() + " ms is outside 500 ms..10 s");
        }
        if (s <= 0 || s > w) {
            throw new IllegalArgumentException("PSI stall " + stall.toMillis() + " ms must be above 0 and at most the "
                    + "window (" + window.toMillis() + " ms)");
        }
    }

    /** @return the file, e.g. {@code memory.pressure} */
    public String file() {
        return resource + ".pressure";
    }

    /** @return what is written to the file: {@code some 150000 1000000} */
    public String spec() {
        return String.format(Locale.ROOT, "%s %d %d", full ? "full" : "some", stall.toNanos() / 1000,
                window.toNanos() / 1000);
    }
}
