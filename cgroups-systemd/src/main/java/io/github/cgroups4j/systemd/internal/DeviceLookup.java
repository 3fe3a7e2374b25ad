package io.github.cgroups4j.systemd.internal;

import java.util.Optional;

/** What the device mapping needs from the host: kept apart so the mapping stays a pure function. */
public interface DeviceLookup {
    /**
     * @param type {@code c} or {@code b}
     * @param major a major number
     * @return the device group {@code /proc/devices} lists for it, prefixed {@code char-} or {@code block-}
     */
    Optional<String> group(char type, long major);

    /** @param path a device path such as {@code /dev/char/1:3} @return whether it (or its {@code /sys} twin) exists */
    boolean exists(String path);

    /** A host with no device groups and every path present: for tests and for callers without devices. */
    DeviceLookup NONE = new DeviceLookup() {
        @Override
        public Optional<String> group(char type, long major) {
            return Optional.empty();
        }

        @Override
        public boolean exists(String path) {
            return true;
        }
    };
}
