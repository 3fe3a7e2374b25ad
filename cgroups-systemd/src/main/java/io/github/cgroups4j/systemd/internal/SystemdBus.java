package io.github.cgroups4j.systemd.internal;

import io.github.cgroups4j.CgroupException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The calls the driver makes to systemd's manager, one to one with D-Bus methods. The real one is {@link DbusBus};
 * tests use a fake. A failure is a {@link io.github.cgroups4j.systemd.SystemdException} carrying systemd's D-Bus error
 * name.
 */
public interface SystemdBus extends AutoCloseable {
    /**
     * @param property a property of {@code org.freedesktop.systemd1.Manager} ({@code Version}, {@code ControlGroup})
     * @return its value as a string
     * @throws CgroupException if it cannot be read
     */
    String managerProperty(String property) throws CgroupException;

    /**
     * StartTransientUnit with mode {@code replace} and no auxiliary units.
     *
     * @param unit the unit's name
     * @param properties its properties
     * @return the job's result ({@code done}, {@code failed}, ...) once systemd removes the job; the future is
     *     registered before the call, so a job that ends at once is not missed
     * @throws CgroupException if systemd refuses the call (e.g. the unit exists)
     */
    CompletableFuture<String> startTransientUnit(String unit, List<UnitProperty> properties) throws CgroupException;

    /**
     * StopUnit with mode {@code replace}.
     *
     * @param unit the unit
     * @return the job's result, as for {@link #startTransientUnit}
     * @throws CgroupException if systemd refuses the call (e.g. no such unit)
     */
    CompletableFuture<String> stopUnit(String unit) throws CgroupException;

    /**
     * @param unit the unit
     * @throws CgroupException if systemd refuses
     */
    void resetFailedUnit(String unit) throws CgroupException;

    /**
     * SetUnitProperties with {@code runtime = true}.
     *
     * @param unit the unit
     * @param properties the properties
     * @throws CgroupException if systemd refuses one
     */
    void setUnitProperties(String unit, List<UnitProperty> properties) throws CgroupException;

    /**
     * @param unit the unit
     * @param iface the interface, e.g. {@code org.freedesktop.systemd1.Scope}
     * @param property the property
     * @return its value as dbus-java gives it (unwrapped), or empty when no such unit is loaded
     * @throws CgroupException if it cannot be read
     */
    Optional<Object> unitProperty(String unit, String iface, String property) throws CgroupException;

    /**
     * @param unit a unit
     * @return its LoadState and ActiveState ({@code loaded failed}), loading it from a unit file if there is one;
     *     {@code not-found inactive} when systemd knows no such unit
     * @throws CgroupException if it cannot be read
     */
    String loadState(String unit) throws CgroupException;

    @Override
    void close();
}
