package io.github.cgroups4j.systemd;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupException.Operation;
import io.github.cgroups4j.systemd.internal.SystemdBus;
import io.github.cgroups4j.systemd.internal.UnitProperty;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unit jobs the way runc's {@code startUnit}/{@code stopUnit} do them (with opencontainers/cgroups' retry): queue the
 * job, wait for its {@code JobRemoved} (30 s), reset a failed unit. Shared by the managers of one bus; the systemd
 * version is read once.
 */
final class Units {
    private static final Logger LOG = LoggerFactory.getLogger(Units.class);
    private static final Pattern VERSION = Pattern.compile("v?([0-9]+)");

    /**
     * The start job did not end in time: it may still run, and the unit may yet appear with the process in it. The
     * caller moves the process back first and then stops the unit (a stop with mode replace cancels a start still
     * queued), so nothing is killed.
     */
    static final class StartTimeout extends SystemdException {
        private static final long serialVersionUID = 1L;

        StartTimeout(String unit, Duration timeout, Throwable cause) {
            super(Operation.APPLY, unit, "StartTransientUnit", null, "systemd did not create the unit within "
                    + timeout.toSeconds() + " s", cause);
        }
    }

    private final SystemdBus bus;
    private final Duration timeout;
    private volatile Integer version;

    Units(SystemdBus bus, Duration timeout) {
        this.bus = bus;
        this.timeout = timeout;
    }

    SystemdBus bus() {
        return bus;
    }

    /** @return systemd's version, e.g. 252; -1 when it cannot be read (then no version-gated property is sent) */
    int version() {
        Integer v = version;
        if (v == null) {
            try {
                v = parseVersion(bus.managerProperty("Version"));
            } catch (CgroupException e) {
                // the call that needed it fails next with the same cause, in its own words
                LOG.debug("cannot read systemd's version: {}", e.getMessage());
                v = -1;
            }
            version = v;
        }
        return v;
    }

    /**
     * runc's {@code systemdVersionAtoi}: the first number, {@code v} prefix ignored ("v245.4-1.fc32", "252.39-1").
     *
     * @param text the Version property
     * @return the number, -1 when there is none
     */
    static int parseVersion(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text.replace("\"", ""));
        if (!m.find()) {
            return -1;
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Starts a transient unit and waits until systemd has done it. A unit of that name that exists is reset (if it
     * failed, systemd then forgets it) and the start tried once more; when it still exists, the call fails rather
     * than take over another's unit, unless {@code ignoreExists} (runc's kubelet case: a slice made with no pid).
     *
     * @param unit the unit
     * @param properties its properties
     * @param ignoreExists whether an existing unit is fine
     * @return true when this call started the unit; false when it existed and {@code ignoreExists}
     * @throws CgroupException when systemd refuses, the job does not end {@code done}, or it takes over 30 s
     */
    boolean start(String unit, List<UnitProperty> properties, boolean ignoreExists) throws CgroupException {
        return start(unit, properties, ignoreExists ? Existing.USE : Existing.RESET_AND_RETRY);
    }

    /** What {@link #start(String, List, Existing)} does with a unit of that name that exists. */
    enum Existing {
        /** Use it as it is (runc with no pid: kubelet's slices). */
        USE,
        /** Reset it (a failed one is then forgotten) and try once more; refuse one still there (runc with a pid). */
        RESET_AND_RETRY,
        /** Refuse it, failed or not, touching nothing: for a caller that must own the unit it starts. */
        REFUSE
    }

    /**
     * Starts a transient unit and waits until systemd has done it.
     *
     * @param unit the unit
     * @param properties its properties
     * @param existing what to do with a unit of that name that exists
     * @return true when this call started the unit; false when it existed and {@link Existing#USE}
     * @throws CgroupException when systemd refuses, the job does not end {@code done}, or it takes over 30 s
     */
    boolean start(String unit, List<UnitProperty> properties, Existing existing) throws CgroupException {
        CompletableFuture<String> job;
        try {
            job = bus.startTransientUnit(unit, properties);
        } catch (SystemdException e) {
            if (!e.isDbusError(SystemdException.UNIT_EXISTS)) {
                throw e;
            }
            if (existing == Existing.USE) {
                LOG.debug("{} exists already: used as it is (no pid to add)", unit);
                return false;
            }
            if (existing == Existing.REFUSE) {
                throw new SystemdException(Operation.APPLY, unit, "StartTransientUnit", SystemdException.UNIT_EXISTS,
                        "a unit of this name exists already; it is not this manager's (choose another name)", e);
            }
            resetFailed(unit);
            try {
                job = bus.startTransientUnit(unit, properties);
            } catch (SystemdException again) {
                if (again.isDbusError(SystemdException.UNIT_EXISTS)) {
                    throw new SystemdException(Operation.APPLY, unit, "StartTransientUnit",
                            SystemdException.UNIT_EXISTS, "a unit of this name is running already; it is not this "
                            + "manager's to take over (destroy it, or choose another name)", again);
                }
                throw again;
            }
        }
        String result;
        try {
            result = await(job);
        } catch (TimeoutException e) {
            resetFailed(unit);
            throw new StartTimeout(unit, timeout, e);
        }
        if (!result.equals("done")) {
            resetFailed(unit);
            throw new SystemdException(Operation.APPLY, unit, "StartTransientUnit", null, "systemd's job ended \""
                    + result + "\", not \"done\" (see journalctl -u " + unit + ")", null);
        }
        return true;
    }

    /**
     * Stops a unit and waits for it; a unit not loaded counts as stopped. Then resets it, should it have failed.
     *
     * @param unit the unit
     * @throws CgroupException when systemd refuses, or the stop takes over 30 s
     */
    void stop(String unit) throws CgroupException {
        CompletableFuture<String> job;
        try {
            job = bus.stopUnit(unit);
        } catch (SystemdException e) {
            if (e.isDbusError(SystemdException.NO_SUCH_UNIT)) {
                return;
            }
            throw e;
        }
        try {
            String result = await(job);
            if (!result.equals("done")) {
                LOG.warn("stopping {}: systemd's job ended \"{}\"; continuing", unit, result);
            }
        } catch (TimeoutException e) {
            throw new SystemdException(Operation.DESTROY, unit, "StopUnit", null, "systemd did not stop the unit "
                    + "within " + timeout.toSeconds() + " s", e);
        }
        resetFailed(unit);
    }

    private void resetFailed(String unit) {
        try {
            bus.resetFailedUnit(unit);
        } catch (CgroupException e) {
            if (!(e instanceof SystemdException s && s.isDbusError(SystemdException.NO_SUCH_UNIT))) {
                LOG.warn("unable to reset failed unit {}: {}", unit, e.getMessage());
            }
        }
    }

    private String await(CompletableFuture<String> job) throws CgroupException, TimeoutException {
        try {
            return job.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException(Operation.APPLY, null, null, null, 0, "interrupted while waiting for systemd",
                    e);
        } catch (ExecutionException e) {
            throw new CgroupException(Operation.APPLY, null, null, null, 0, "waiting for systemd: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * @param unit a unit
     * @param property a property of its type's interface
     * @return the value, empty when the unit is not loaded
     * @throws CgroupException when it cannot be read
     */
    Optional<Object> property(String unit, String property) throws CgroupException {
        String iface = unit.endsWith(".slice") ? "org.freedesktop.systemd1.Slice"
                : "org.freedesktop.systemd1.Scope";
        return bus.unitProperty(unit, iface, property);
    }
}
