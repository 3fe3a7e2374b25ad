package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus error {@code org.freedesktop.systemd1.UnitExists}. dbus-java maps an error reply to the class named
 * after it; without this class the error name is lost, and a unit that exists cannot be told from other failures.
 * Not part of cgroups4j's API.
 */
public class UnitExists extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    /** @param message systemd's message */
    public UnitExists(String message) {
        super(message);
    }
}
