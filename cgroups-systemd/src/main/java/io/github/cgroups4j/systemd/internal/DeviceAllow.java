package io.github.cgroups4j.systemd.internal;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** D-Bus {@code (ss)}: one DeviceAllow entry, a device (path or group) and its permissions. Internal. */
public final class DeviceAllow extends Struct {
    @Position(0)
    private final String path;
    @Position(1)
    private final String access;

    /** @param path a device path, {@code char-<group>} or {@code block-*} @param access {@code rwm} or a subset */
    public DeviceAllow(String path, String access) {
        this.path = path;
        this.access = access;
    }

    /** @return the device */
    public String getPath() {
        return path;
    }

    /** @return the permissions */
    public String getAccess() {
        return access;
    }

}
