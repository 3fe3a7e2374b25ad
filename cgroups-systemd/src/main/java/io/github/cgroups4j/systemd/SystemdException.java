package io.github.cgroups4j.systemd;

import io.github.cgroups4j.CgroupException;
import java.util.Optional;

/**
 * systemd refused or failed a request: the message names the unit, the D-Bus method and systemd's error. {@link
 * #dbusError()} gives the D-Bus error name ({@code org.freedesktop.systemd1.UnitExists}, ...), when systemd sent one.
 */
public class SystemdException extends CgroupException {
    private static final long serialVersionUID = 1L;
    /** systemd's D-Bus error for "a unit of this name is loaded". */
    public static final String UNIT_EXISTS = "org.freedesktop.systemd1.UnitExists";
    /** systemd's D-Bus error for "no unit of this name is loaded". */
    public static final String NO_SUCH_UNIT = "org.freedesktop.systemd1.NoSuchUnit";

    private final String dbusError;

    /**
     * @param operation what the driver was doing
     * @param unit the unit
     * @param method the D-Bus method or step (e.g. {@code StartTransientUnit})
     * @param dbusError the D-Bus error name, or null
     * @param detail the words of the message
     * @param cause the underlying failure, or null
     */
    public SystemdException(Operation operation, String unit, String method, String dbusError, String detail,
            Throwable cause) {
        super(operation, unit, method, null, 0, detail, cause);
        this.dbusError = dbusError;
    }

    /** @return the D-Bus error name, when systemd sent one */
    public Optional<String> dbusError() {
        return Optional.ofNullable(dbusError);
    }

    /** @param name a D-Bus error name @return whether this is that error */
    public boolean isDbusError(String name) {
        return name.equals(dbusError);
    }
}
