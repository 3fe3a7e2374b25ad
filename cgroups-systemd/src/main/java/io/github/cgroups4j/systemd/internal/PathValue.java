package io.github.cgroups4j.systemd.internal;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.UInt64;

/** D-Bus {@code (st)}: a device path and a number (IOReadBandwidthMax and the like). Internal. */
public final class PathValue extends Struct {
    @Position(0)
    private final String path;
    @Position(1)
    private final UInt64 value;

    /** @param path the device @param value the limit */
    public PathValue(String path, UInt64 value) {
        this.path = path;
        this.value = value;
    }

    /** @return the device path */
    public String getPath() {
        return path;
    }

    /** @return the limit */
    public UInt64 getValue() {
        return value;
    }

}
