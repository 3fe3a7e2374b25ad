package io.github.cgroups4j.systemd.internal;

import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/** {@code org.freedesktop.systemd1.Manager}: the methods the driver calls. Internal. */
@DBusInterfaceName("org.freedesktop.systemd1.Manager")
public interface ManagerBus extends DBusInterface {
    /** StartTransientUnit(in s name, in s mode, in a(sv) properties, in a(sa(sv)) aux, out o job). */
    @DBusMemberName("StartTransientUnit")
    DBusPath startTransientUnit(String name, String mode, List<UnitProperty> properties, List<AuxUnit> aux);

    /** StopUnit(in s name, in s mode, out o job). */
    @DBusMemberName("StopUnit")
    DBusPath stopUnit(String name, String mode);

    /** SetUnitProperties(in s name, in b runtime, in a(sv) properties). */
    @DBusMemberName("SetUnitProperties")
    void setUnitProperties(String name, boolean runtime, List<UnitProperty> properties);

    /** ResetFailedUnit(in s name). */
    @DBusMemberName("ResetFailedUnit")
    void resetFailedUnit(String name);

    /** LoadUnit(in s name, out o unit): loads it from its unit file if there is one. */
    @DBusMemberName("LoadUnit")
    DBusPath loadUnit(String name);

    /** GetUnit(in s name, out o unit). */
    @DBusMemberName("GetUnit")
    DBusPath getUnit(String name);

    /** The signal JobRemoved(u id, o job, s unit, s result): a queued job finished. */
    class JobRemoved extends DBusSignal {
        private final DBusPath job;
        private final String unit;
        private final String result;

        /**
         * @param path the object path
         * @param id the job id
         * @param job the job's path
         * @param unit the unit
         * @param result done, canceled, timeout, failed, dependency or skipped
         * @throws DBusException as dbus-java's signals do
         */
        public JobRemoved(String path, UInt32 id, DBusPath job, String unit, String result) throws DBusException {
            super(path, id, job, unit, result);
            this.job = job;
            this.unit = unit;
            this.result = result;
        }

        /** @return the job's object path */
        public String job() {
            return job.getPath();
        }

        /** @return the unit */
        public String unit() {
            return unit;
        }

        /** @return the result */
        public String result() {
            return result;
        }
    }
}
