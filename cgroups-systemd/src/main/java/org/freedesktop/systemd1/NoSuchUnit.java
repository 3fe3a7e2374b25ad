package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.NoSuchUnit} (see {@link UnitExists}). Not part of the API. */
public class NoSuchUnit extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    /** @param message systemd's message */
    public NoSuchUnit(String message) {
        super(message);
    }
}
