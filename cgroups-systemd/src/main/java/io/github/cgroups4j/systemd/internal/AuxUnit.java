package io.github.cgroups4j.systemd.internal;

import java.util.List;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** An auxiliary unit, D-Bus {@code (sa(sv))}; always an empty list, as runc. Internal. */
public final class AuxUnit extends Struct {
    @Position(0)
    private final String name;
    @Position(1)
    private final List<UnitProperty> properties;

    /** @param name the unit @param properties its properties */
    public AuxUnit(String name, List<UnitProperty> properties) {
        this.name = name;
        this.properties = properties;
    }

    /** @return the unit */
    public String getName() {
        return name;
    }

    /** @return its properties */
    public List<UnitProperty> getProperties() {
        return properties;
    }
}
