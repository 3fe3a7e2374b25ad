package io.github.cgroups4j.systemd.internal;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.Variant;

/** A unit property, D-Bus {@code (sv)}. Internal: the public API speaks {@code Resources}. */
public final class UnitProperty extends Struct {
    @Position(0)
    private final String name;
    @Position(1)
    private final Variant<?> value;

    /** @param name the property @param value its value, with the signature systemd expects */
    public UnitProperty(String name, Variant<?> value) {
        this.name = name;
        this.value = value;
    }

    /** @return the property's name */
    public String getName() {
        return name;
    }

    /** @return the value */
    public Variant<?> getValue() {
        return value;
    }

}
