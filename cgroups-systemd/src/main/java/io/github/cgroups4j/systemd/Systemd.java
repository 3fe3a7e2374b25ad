package io.github.cgroups4j.systemd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the systemd driver can work here, in the manner of Netty's native transports: {@link #isAvailable()} and,
 * when not, {@link #unavailabilityCause()} in words. Checked without connecting (systemd booted the machine, and a
 * system bus socket is there); a bus that refuses the connection is reported by the first call that makes one.
 */
public final class Systemd {
    private static final String SYSTEM_BUS = "/run/dbus/system_bus_socket";

    private Systemd() {
    }

    /** @return whether systemd is PID 1 here and a system bus is reachable */
    public static boolean isAvailable() {
        return unavailabilityCause().isEmpty();
    }

    /** @return why the driver cannot work here, or empty when it can */
    public static Optional<String> unavailabilityCause() {
        return cause(Path.of("/"), System.getenv("DBUS_SYSTEM_BUS_ADDRESS"));
    }

    /**
     * @param root the file system's root (tests use a directory)
     * @param busAddress the system bus address from the environment, or null
     * @return why systemd is not usable under {@code root}, or empty
     */
    static Optional<String> cause(Path root, String busAddress) {
        // sd_booted(3): systemd creates /run/systemd/system when it is the init system
        if (!Files.isDirectory(root.resolve("run/systemd/system"))) {
            return Optional.of("systemd is not the init system here (no /run/systemd/system); use the fs driver");
        }
        if (busAddress == null && !Files.exists(root.resolve(SYSTEM_BUS.substring(1)))) {
            return Optional.of("no system D-Bus socket at " + SYSTEM_BUS + " (is dbus running?)");
        }
        return Optional.empty();
    }
}
