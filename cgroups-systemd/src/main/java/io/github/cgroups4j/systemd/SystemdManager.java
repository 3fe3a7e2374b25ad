package io.github.cgroups4j.systemd;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupException.Operation;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.fs.Applied;
import io.github.cgroups4j.fs.CgroupPaths;
import io.github.cgroups4j.fs.LinuxProcFs;
import io.github.cgroups4j.fs.NativeCgroupFs;
import io.github.cgroups4j.fs.TrackedApply;
import io.github.cgroups4j.fs.v1.FsManager;
import io.github.cgroups4j.fs.v1.HostSnapshot;
import io.github.cgroups4j.fs.v2.Fs2Manager;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.parse.ProcCgroup;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;
import io.github.cgroups4j.stats.Stats;
import io.github.cgroups4j.systemd.internal.DbusBus;
import io.github.cgroups4j.systemd.internal.DeviceLookup;
import io.github.cgroups4j.systemd.internal.HostDevices;
import io.github.cgroups4j.systemd.internal.SystemdBus;
import io.github.cgroups4j.systemd.internal.SystemdProperties;
import io.github.cgroups4j.systemd.internal.UnitProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The systemd driver (backend {@code systemd}), runc's {@code systemd.LegacyManager} (cgroup v1) and
 * {@code UnifiedManager} (cgroup v2): systemd makes a transient unit, a {@code .scope} (delegated) or a
 * {@code .slice}, named by {@link SystemdNames}; what systemd does not manage is created, joined and limited through
 * the fs or fs2 manager over the same directories.
 *
 * <p>{@code apply} creates and joins the cgroupfs side first (so kernel-memory accounting is enabled, when the
 * {@link io.github.cgroups4j.kernel.KmemGate} allows it, on a memory cgroup this call created, before any task is in
 * it: as the pre-1.0 runc did), then starts the unit with the resources as properties, then checks that systemd put
 * the unit where this manager computed. When starting fails, the process is moved back, the unit (if started) is
 * stopped, and only what the call created is removed.
 */
public final class SystemdManager implements CgroupManager {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdManager.class);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);

    private final CgroupConfig config;
    private final Units units;
    private final TrackedApply fs;
    private final DeviceLookup devices;
    private final String unit;
    private final String slice;
    private final boolean v2;
    /** The unit's cgroup as systemd names it (its ControlGroup property), or null when it cannot be checked. */
    private final String controlGroup;

    private SystemdManager(CgroupConfig config, Units units, TrackedApply fs, DeviceLookup devices,
            String unit, String slice, boolean v2, String controlGroup) {
        this.config = config;
        this.units = units;
        this.fs = fs;
        this.devices = devices;
        this.unit = unit;
        this.slice = slice;
        this.v2 = v2;
        this.controlGroup = controlGroup;
    }

    /**
     * A manager over this host's systemd (the system bus; the user's bus for a rootless cgroup v2 config) and its
     * real cgroupfs.
     *
     * @param config a configuration with a name (see {@link SystemdNames#parse(String)})
     * @return the manager; nothing is created until {@link #apply(long)}
     * @throws CgroupException when the configuration does not fit the host
     */
    public static SystemdManager create(CgroupConfig config) throws CgroupException {
        return create(config, Map.of());
    }

    /**
     * @param config the configuration
     * @param savedPaths paths saved from an earlier manager's {@link #paths()}, or empty
     * @return the manager over this host's systemd
     * @throws CgroupException when the configuration does not fit the host
     */
    public static SystemdManager create(CgroupConfig config, Map<String, String> savedPaths) throws CgroupException {
        return create(config, savedPaths, sharedUnits(config.rootless()), NativeCgroupFs.shared(),
                LinuxProcFs.system(), HostDevices.INSTANCE);
    }

    /**
     * A manager over the systemd listening at a D-Bus address, e.g. a container's
     * {@code unix:path=/proc/<pid>/root/run/dbus/system_bus_socket}. Its cgroup paths are computed in this process's
     * view of the cgroupfs, so this process must see the cgroups as that systemd does (same cgroup namespace).
     *
     * @param config the configuration
     * @param busAddress the D-Bus address
     * @return the manager; its connection lives as long as the process
     * @throws CgroupException when the configuration does not fit the host
     */
    public static SystemdManager create(CgroupConfig config, String busAddress) throws CgroupException {
        Units u = BY_ADDRESS.computeIfAbsent(busAddress, a -> new Units(DbusBus.at(a), JOB_TIMEOUT));
        return create(config, Map.of(), u, NativeCgroupFs.shared(), LinuxProcFs.system(), HostDevices.INSTANCE);
    }

    /** One connection per bus (the system bus, the user's, an address): managers are many, connections few. */
    private static final java.util.concurrent.ConcurrentMap<String, Units> BY_ADDRESS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Units sharedUnits(boolean rootless) {
        return BY_ADDRESS.computeIfAbsent(rootless ? "(the user bus)" : "(the system bus)",
                k -> new Units(rootless ? DbusBus.user() : DbusBus.system(), JOB_TIMEOUT));
    }

    /**
     * The manager over any bus and cgroupfs (tests: a fake systemd over the testkit's fake cgroupfs).
     *
     * @param config the configuration
     * @param savedPaths saved paths or empty
     * @param bus systemd
     * @param cgroupFs the cgroupfs
     * @param proc the procfs that goes with it
     * @param devices the host's devices
     * @return the manager
     * @throws CgroupException when the configuration does not fit the host
     */
    static SystemdManager create(CgroupConfig config, Map<String, String> savedPaths, SystemdBus bus,
            CgroupFs cgroupFs, ProcFs proc, DeviceLookup devices) throws CgroupException {
        return create(config, savedPaths, new Units(bus, JOB_TIMEOUT), cgroupFs, proc, devices);
    }

    static SystemdManager create(CgroupConfig config, Map<String, String> savedPaths, Units units,
            CgroupFs cgroupFs, ProcFs proc, DeviceLookup devices) throws CgroupException {
        String unit;
        try {
            unit = SystemdNames.unitName(config);
        } catch (IllegalArgumentException e) {
            throw new CgroupException(Operation.CHECK, config.displayPath(), null, e.getMessage());
        }
        String slice;
        try {
            slice = SystemdNames.slice(config, config.rootless());
        } catch (IllegalArgumentException e) {
            throw new CgroupException(Operation.CHECK, config.displayPath(), null, e.getMessage());
        }
        String slicePath;
        try {
            slicePath = SystemdNames.expandSlice(slice);
        } catch (IllegalArgumentException e) {
            throw new CgroupException(Operation.CHECK, config.displayPath(), null, "parent: " + e.getMessage());
        }
        HostSnapshot host = HostSnapshot.read(proc);
        CgroupMode mode = host.mode().orElseThrow(() -> new CgroupException(Operation.CHECK, config.displayPath(),
                null, "no cgroup file system is mounted"));
        String below = CgroupPaths.join(slicePath, unit);
        if (mode == CgroupMode.UNIFIED) {
            MountInfo.Mount m = host.unifiedMount().orElseThrow();
            String rel = below;
            if (config.rootless()) {
                // runc: a user's manager keeps its units below its own cgroup
                rel = CgroupPaths.join(units.bus().managerProperty("ControlGroup"), below);
            }
            String dir = savedPaths.getOrDefault("", CgroupPaths.join(m.mountPoint(), rel));
            TrackedApply fs2 = Fs2Manager.load(config, Map.of("", dir), cgroupFs, proc);
            return new SystemdManager(config, units, fs2, devices, unit, slice, true,
                    controlGroup(m, dir));
        }
        if (config.rootless()) {
            throw new CgroupException(Operation.CHECK, config.displayPath(), null, "the systemd driver cannot manage "
                    + "a rootless cgroup on cgroup v1 (as runc); use the fs driver");
        }
        if (!config.resources().unified().isEmpty()) {
            throw new CgroupException(Operation.CHECK, config.displayPath(), null, "unified resources need cgroup "
                    + "v2; this host is cgroup v1 (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        Map<String, String> paths = new LinkedHashMap<>(savedPaths);
        String controlGroup = null;
        if (paths.isEmpty()) {
            // runc's getSubsystemPath: mount + PID 1's cgroup (without init.scope) + slice + unit, per hierarchy
            ProcCgroup init = ProcCgroup.parse(proc.cgroup(1));
            for (Map.Entry<String, String> e : init.paths().entrySet()) {
                String name = e.getKey();
                Optional<MountInfo.Mount> m = name.isEmpty() ? host.hybridUnifiedMount() : host.v1Mount(name);
                if (m.isEmpty() || name.equals("devices") && config.resources().skipDevices()) {
                    continue;
                }
                String initPath = e.getValue();
                if (initPath.endsWith("/init.scope") || initPath.equals("init.scope")) {
                    initPath = initPath.substring(0, initPath.length() - "init.scope".length());
                }
                Optional<String> base = CgroupPaths.underMount(m.get(), initPath);
                if (base.isEmpty()) {
                    continue;
                }
                paths.put(name, CgroupPaths.join(base.get(), below));
            }
            if (!paths.containsKey("devices") && !config.resources().skipDevices()) {
                throw new CgroupException(Operation.CHECK, config.displayPath(), null, "no devices hierarchy is "
                        + "mounted: the devices cgroup is required for a container's security (as in runc); set "
                        + "skipDevices to manage the cgroup without it");
            }
        }
        String named = paths.get("name=systemd");
        Optional<MountInfo.Mount> nm = host.v1Mount("name=systemd");
        if (named != null && nm.isPresent()) {
            controlGroup = controlGroup(nm.get(), named);
        }
        TrackedApply fs1 = FsManager.load(config, paths, cgroupFs, proc);
        return new SystemdManager(config, units, fs1, devices, unit, slice, false, controlGroup);
    }

    /**
     * @return the cgroup path systemd's ControlGroup property names for {@code dir}: its place in the hierarchy (the
     *     mount's root joined with the part below the mount point), or null when {@code dir} is not below it
     */
    private static String controlGroup(MountInfo.Mount m, String dir) {
        if (!dir.startsWith(m.mountPoint() + "/")) {
            return null;
        }
        return CgroupPaths.join(m.root(), dir.substring(m.mountPoint().length()));
    }

    /**
     * Whether systemd has a unit of this manager's name now: running, failed, or only a unit file. {@code apply}
     * would reset a failed one and, with no pid, use an existing one (runc's behaviour); a caller that must own what
     * it makes asks first.
     *
     * @return its LoadState and ActiveState, e.g. {@code loaded failed}; empty when systemd knows no such unit
     * @throws CgroupException if systemd cannot be asked
     */
    public Optional<String> existingUnit() throws CgroupException {
        String state = units.bus().loadState(unit);
        // only "not-found inactive" is no unit: a unit whose file went while it runs ("not-found active") or that
        // failed ("not-found failed") is still someone's
        return state.equals("not-found inactive") ? Optional.empty() : Optional.of(state);
    }

    /** @return the unit's name, e.g. {@code docker-4f2a.scope} */
    public String unit() {
        return unit;
    }

    private List<UnitProperty> resourceProperties(Operation op, Resources r) throws CgroupException {
        try {
            return SystemdProperties.resources(r, v2, units.version(), devices);
        } catch (IllegalArgumentException e) {
            throw new CgroupException(op, unit, null, e.getMessage());
        }
    }

    @Override
    public synchronized void apply(long pid) throws CgroupException {
        apply(pid, pid == NO_PID ? Units.Existing.USE : Units.Existing.RESET_AND_RETRY);
    }

    /**
     * {@link #apply(long) apply(NO_PID)} for a caller that must own the unit it makes: a unit of this name that exists
     * already (someone's slice started since the caller looked, a failed unit included) fails the call with
     * {@link SystemdException#UNIT_EXISTS}, and is neither used, reset nor stopped. {@code apply(NO_PID)} uses an existing
     * unit as it is, as runc does (kubelet's slices).
     *
     * @throws CgroupException as {@link #apply(long)}, or when the unit exists
     */
    public synchronized void applyNew() throws CgroupException {
        apply(NO_PID, Units.Existing.REFUSE);
    }

    private void apply(long pid, Units.Existing existing) throws CgroupException {
        List<UnitProperty> props = new ArrayList<>(SystemdProperties.unit(config.name().orElseThrow(), unit, slice,
                pid, v2));
        props.addAll(resourceProperties(Operation.APPLY, config.resources()));
        try {
            props.addAll(SystemdProperties.user(config.systemdProperties()));
        } catch (IllegalArgumentException e) {
            throw new CgroupException(Operation.APPLY, unit, null, e.getMessage());
        }
        // runc's order: the unit first (systemd makes its cgroups, with the limits, and moves the process in), then
        // the hierarchies systemd does not manage. With kernel memory asked for on v1, the cgroupfs side is made
        // first, empty: accounting can only be enabled on a memory cgroup before any task is in it (as the pre-1.0
        // runc did before StartTransientUnit)
        boolean kmemFirst = !v2 && (config.resources().kernelMemory().isPresent()
                || config.resources().kernelMemoryTcp().isPresent());
        Applied before = pid == NO_PID ? null : fs.locate(pid);
        Applied made = kmemFirst ? fs.applyTracked(NO_PID) : null;
        boolean started = false;
        try {
            try {
                started = units.start(unit, props, existing);
            } catch (Units.StartTimeout t) {
                started = true; // it may yet start: stopped below, once the process is out
                throw t;
            }
            checkPlacement();
            fs.applyTracked(pid); // a failure here is rolled back by the fs manager itself
        } catch (CgroupException | RuntimeException e) {
            // back out in the order that kills nothing: the process goes back where it was, then the (now empty)
            // unit stops, then what this call created goes
            if (before != null) {
                undo(before, e);
            }
            if (started) {
                try {
                    units.stop(unit);
                } catch (CgroupException x) {
                    e.addSuppressed(x);
                }
            }
            if (made != null) {
                undo(made, e);
            }
            throw e;
        }
    }

    private void undo(Applied a, Exception cause) {
        if (a.pid() == NO_PID && a.created().isEmpty()) {
            return;
        }
        try {
            fs.undo(a);
        } catch (CgroupException x) {
            cause.addSuppressed(x);
        }
    }

    /** The unit's ControlGroup must be the directory this manager uses: else the two would split the process. */
    private void checkPlacement() throws CgroupException {
        if (controlGroup == null) {
            return;
        }
        Optional<Object> cg = units.property(unit, "ControlGroup");
        if (cg.isEmpty() || String.valueOf(cg.get()).isEmpty()) {
            return;
        }
        String actual = String.valueOf(cg.get());
        if (!actual.equals(controlGroup)) {
            throw new CgroupException(Operation.APPLY, unit, null, "systemd put the unit at " + actual
                    + ", but this manager computed " + controlGroup + " (does this process see the cgroups as that "
                    + "systemd does, in the same cgroup namespace?)");
        }
    }

    @Override
    public synchronized void addPid(String subcgroup, long pid) throws CgroupException {
        fs.addPid(subcgroup, pid);
    }

    @Override
    public synchronized void set(Resources r) throws CgroupException {
        if (!v2 && !r.unified().isEmpty()) {
            throw new CgroupException(Operation.SET, unit, null, "unified resources need cgroup v2");
        }
        if (fs instanceof Fs2Manager f2) {
            f2.checkMemoryUsage(r); // before systemd lowers MemoryMax (opencontainers/cgroups' CheckMemoryUsage)
        }
        // the quota systemd keeps (whole percents of a CPU) is the quota the cgroupfs gets
        r = SystemdProperties.roundedQuota(r);
        List<UnitProperty> props = resourceProperties(Operation.SET, r);
        if (!props.isEmpty()) {
            boolean devicesChange = props.stream().anyMatch(p -> p.getName().startsWith("Device"));
            // runc (v1): systemd rewrites device rules disruptively (deny all, then allow), so a running container
            // would see spurious EPERM: freeze around it, unless told not to or already frozen
            boolean freeze = !v2 && devicesChange && !r.skipFreezeOnSet()
                    && fs.freezerState() == FreezerState.THAWED;
            boolean thaw = freeze && r.freezer().orElse(null) != FreezerState.FROZEN;
            if (freeze) {
                try {
                    fs.freeze(FreezerState.FROZEN);
                } catch (CgroupException e) {
                    LOG.info("freezing {} before SetUnitProperties failed: {}", unit, e.getMessage());
                }
            }
            CgroupException setErr = null;
            try {
                units.bus().setUnitProperties(unit, props);
            } catch (CgroupException e) {
                setErr = e;
            }
            if (thaw) {
                try {
                    fs.freeze(FreezerState.THAWED);
                } catch (CgroupException e) {
                    LOG.info("thawing {} after SetUnitProperties failed: {}", unit, e.getMessage());
                }
            }
            if (setErr != null) {
                throw setErr;
            }
        }
        fs.set(r);
    }

    @Override
    public synchronized Stats stats(Set<Controller> controllers) throws CgroupException {
        return fs.stats(controllers);
    }

    @Override
    public synchronized void freeze(FreezerState state) throws CgroupException {
        fs.freeze(state);
    }

    @Override
    public synchronized FreezerState freezerState() throws CgroupException {
        return fs.freezerState();
    }

    /**
     * Stops the unit, then removes what systemd left (the hierarchies it does not manage). Refused with EBUSY,
     * nothing stopped, while a task is in the cgroup: stopping a unit would signal its tasks.
     */
    @Override
    public synchronized void destroy() throws CgroupException {
        if (fs.exists()) {
            List<Long> left = fs.allPids();
            if (!left.isEmpty()) {
                throw new CgroupException(Operation.DESTROY, unit, null, null, Errno.EBUSY.number(),
                        "tasks are still in it: pids " + left + "; the unit was not stopped", null);
            }
        }
        units.stop(unit);
        fs.destroy();
    }

    /** With {@code kill}: the fs manager kills the tasks and removes the cgroups, then the unit is stopped. */
    @Override
    public synchronized void destroy(boolean kill) throws CgroupException {
        if (!kill) {
            destroy();
            return;
        }
        CgroupException first = null;
        try {
            fs.destroy(true);
        } catch (CgroupException e) {
            first = e;
        }
        try {
            units.stop(unit);
        } catch (CgroupException e) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        if (first != null) {
            throw first;
        }
        fs.destroy();
    }

    @Override
    public synchronized List<Long> pids() throws CgroupException {
        return fs.pids();
    }

    @Override
    public synchronized List<Long> allPids() throws CgroupException {
        return fs.allPids();
    }

    @Override
    public String path(Controller controller) {
        return fs.path(controller);
    }

    @Override
    public Map<String, String> paths() {
        return fs.paths();
    }

    @Override
    public boolean exists() {
        return fs.exists();
    }

    @Override
    public long oomKillCount() throws CgroupException {
        return fs.oomKillCount();
    }

    @Override
    public CgroupConfig config() {
        return config;
    }

    @Override
    public io.github.cgroups4j.events.EventSubscription events(io.github.cgroups4j.events.EventRequest request,
            java.util.concurrent.Executor executor,
            java.util.function.Consumer<io.github.cgroups4j.events.MemoryEvent> listener) throws CgroupException {
        return fs.events(request, executor, listener);
    }
}
