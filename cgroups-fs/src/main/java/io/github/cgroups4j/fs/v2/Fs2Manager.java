package io.github.cgroups4j.fs.v2;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupException.Operation;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.fs.devices.DeviceEmulator;
import io.github.cgroups4j.fs.devices.DeviceFilter;
import io.github.cgroups4j.fs.Applied;
import io.github.cgroups4j.fs.CgroupPaths;
import io.github.cgroups4j.fs.TrackedApply;
import io.github.cgroups4j.fs.Tasks;
import io.github.cgroups4j.fs.v1.HostSnapshot;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.parse.ProcCgroup;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;
import io.github.cgroups4j.stats.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cgroup v2 manager: a port of opencontainers' (runc's) {@code fs2} manager over any {@link CgroupFs}.
 *
 * <p>One directory in the unified hierarchy: an absolute cgroup path lies under the cgroup2 mount, a relative one
 * under the parent of the caller's own cgroup (the caller's own has processes, so it cannot enable controllers for a
 * child: the no-internal-process rule). {@link #apply} creates every missing level, enabling in each parent's
 * {@code cgroup.subtree_control} the controllers the resources use that the parent offers and does not enable yet
 * (one by one when the kernel refuses them together; a later {@code set} that needs one more enables it the same
 * way), checks {@code cgroup.type} as runc does, and joins. A failed apply moves the process back
 * and removes, with {@code rmdir} only, what it created. {@link #destroy()} refuses while tasks remain;
 * {@link #destroy(boolean) destroy(true)} uses {@code cgroup.kill} (5.14+) or freeze, SIGKILL each, thaw.
 *
 * <p>On a hybrid host (cgroup v1 plus a cgroup2 at {@code /sys/fs/cgroup/unified}) it manages that cgroup2
 * hierarchy, which has no controllers: processes, freezing and killing work there, limits do not.
 *
 * <p>Thread-safe: every operation holds the manager's lock. Each call works on its own {@link V2Context}.
 */
public final class Fs2Manager implements TrackedApply {
    /** runc's order of {@code Set}: pids, memory, io, cpu, (devices), cpuset, hugetlb, rdma. */
    private static final List<V2Controller> CONTROLLERS = List.of(new PidsController(), new MemoryController(),
            new IoController(), new CpuController(), new CpusetController(), new HugetlbController(),
            new RdmaMiscController());
    private static final long FREEZE_WAIT_MILLIS = 10_000;
    private static final long KILL_WAIT_MILLIS = 10_000;

    private final CgroupConfig config;
    private final CgroupFs fs;
    private final ProcFs proc;
    private final HostSnapshot host;
    private final MountInfo.Mount mount;
    private final String dir;
    private Resources resources;

    private Fs2Manager(CgroupConfig config, CgroupFs fs, ProcFs proc, HostSnapshot host, MountInfo.Mount mount,
            String dir) {
        this.config = config;
        this.fs = fs;
        this.proc = proc;
        this.host = host;
        this.mount = mount;
        this.dir = dir;
        this.resources = config.resources();
    }

    /**
     * @param config the cgroup
     * @param fs the cgroupfs
     * @param proc the procfs
     * @return a manager; nothing is created until {@link #apply(long)}
     * @throws CgroupException if the host has no cgroup2 hierarchy, or procfs cannot be read
     */
    public static Fs2Manager create(CgroupConfig config, CgroupFs fs, ProcFs proc) throws CgroupException {
        return create(config, fs, proc, HostSnapshot.read(proc));
    }

    /**
     * @param config the cgroup
     * @param fs the cgroupfs
     * @param proc the procfs
     * @param host the host, read once for many managers
     * @return a manager; nothing is created until {@link #apply(long)}
     * @throws CgroupException if the host has no cgroup2 hierarchy, or procfs cannot be read
     */
    public static Fs2Manager create(CgroupConfig config, CgroupFs fs, ProcFs proc, HostSnapshot host)
            throws CgroupException {
        MountInfo.Mount m = unifiedMount(config, host);
        String inner = config.innerPath();
        String base = m.mountPoint();
        if (!inner.startsWith("/")) {
            String own = ProcCgroup.parse(proc.cgroup(ProcFs.SELF)).unifiedPath().orElse("/");
            String parent = own.lastIndexOf('/') > 0 ? own.substring(0, own.lastIndexOf('/')) : "/";
            String under = parent;
            base = CgroupPaths.underMount(m, parent).orElseThrow(() -> new CgroupException(Operation.CHECK,
                    config.displayPath(), null, "this process's cgroup " + under + " is outside what the cgroup2 mount "
                    + m.mountPoint() + " shows (root " + m.root() + "); give an absolute path"));
        }
        String dir = CgroupPaths.join(base, inner);
        if (dir.equals(m.mountPoint())) {
            throw new CgroupException(Operation.CHECK, config.displayPath(), null,
                    "the cgroup would be the root of the cgroup2 hierarchy; refusing to manage it");
        }
        return new Fs2Manager(config, fs, proc, host, m, dir);
    }

    /**
     * Re-creates a manager from paths saved from {@link #paths()} (the {@code ""} key), e.g. to destroy what a
     * crashed process left.
     *
     * @param config the cgroup
     * @param savedPaths {@code "" -> directory}
     * @param fs the cgroupfs
     * @param proc the procfs
     * @return a manager over that directory
     * @throws CgroupException if the directory is not below the cgroup2 mount
     */
    public static Fs2Manager load(CgroupConfig config, Map<String, String> savedPaths, CgroupFs fs, ProcFs proc)
            throws CgroupException {
        HostSnapshot host = HostSnapshot.read(proc);
        MountInfo.Mount m = unifiedMount(config, host);
        String saved = savedPaths.get("");
        if (saved == null || !saved.startsWith(m.mountPoint() + "/")) {
            throw new CgroupException(Operation.CHECK, config.displayPath(), null, "saved path " + saved
                    + " is not below the cgroup2 mount " + m.mountPoint());
        }
        return new Fs2Manager(config, fs, proc, host, m, saved);
    }

    private static MountInfo.Mount unifiedMount(CgroupConfig config, HostSnapshot host) throws CgroupException {
        return host.unifiedMount().orElseThrow(() -> new CgroupException(Operation.CHECK, config.displayPath(), null,
                "no cgroup2 hierarchy is mounted here (cgroup v1 only: use the fs backend)"));
    }


    private V2Context context() {
        return new V2Context(fs, config, host.kernelRelease(), host.hugePageSizes());
    }

    /** runc's {@code isIgnorableError}: a rootless manager tolerates EPERM, EACCES and EROFS. */
    private boolean ignorable(CgroupException e) {
        return config.rootless() && (e.is(Errno.EPERM) || e.is(Errno.EACCES) || e.is(Errno.EROFS));
    }

    @Override
    public synchronized void apply(long pid) throws CgroupException {
        applyTracked(pid);
    }

    @Override
    public synchronized Applied applyTracked(long pid) throws CgroupException {
        Optional<String> origin = pid == NO_PID ? Optional.empty() : whereIs(pid);
        V2Context ctx = context();
        boolean joined = false;
        try {
            createPath(ctx);
            if (pid != NO_PID) {
                join(dir, pid);
                joined = true;
            }
        } catch (CgroupException | RuntimeException e) {
            rollback(ctx, pid, joined, origin, e);
            if (e instanceof CgroupException ce && ignorable(ce) && config.path().isEmpty()
                    && CONTROLLERS.stream().noneMatch(c -> c.requested(resources))) {
                // runc: rootless without an explicit path and without limits goes on without a cgroup
                V2Context.LOG.debug("{}: rootless, no permission: running without a cgroup ({})", dir,
                        e.getMessage());
                return new Applied(NO_PID, Map.of(), List.of());
            }
            throw e;
        }
        return new Applied(joined ? pid : NO_PID, joined && origin.isPresent() ? Map.of("", origin.get()) : Map.of(),
                ctx.created);
    }

    @Override
    public io.github.cgroups4j.events.EventSubscription events(io.github.cgroups4j.events.EventRequest request,
            java.util.concurrent.Executor executor,
            java.util.function.Consumer<io.github.cgroups4j.events.MemoryEvent> listener) throws CgroupException {
        if (!request.thresholds().isEmpty() || !request.pressureLevels().isEmpty()) {
            throw new CgroupException(Operation.OPEN, dir, null, "usage thresholds and pressure levels are cgroup v1 "
                    + "notifications; on v2 use memory.high (HIGH events) or a PSI trigger");
        }
        return io.github.cgroups4j.fs.Watches.start(fs, dir, true, dir, request, executor, listener);
    }

    /**
     * The {@code memoryCheckBeforeUpdate} check {@link #set(Resources)} makes, for a caller that changes the limit
     * another way first (the systemd driver, before SetUnitProperties).
     *
     * @param r resources
     * @throws CgroupException when the new memory limit is below the current usage
     */
    public void checkMemoryUsage(Resources r) throws CgroupException {
        MemoryController.checkUsage(fs, dir, r);
    }

    @Override
    public synchronized Applied locate(long pid) throws CgroupException {
        Optional<String> at = pid == NO_PID ? Optional.empty() : whereIs(pid);
        return new Applied(pid, at.isPresent() ? Map.of("", at.get()) : Map.of(), List.of());
    }

    @Override
    public synchronized void undo(Applied applied) throws CgroupException {
        CgroupException cause = new CgroupException(Operation.APPLY, dir, null, "undoing an apply");
        if (applied.pid() != NO_PID) {
            String back = applied.origin().get("");
            try {
                if (back == null) {
                    throw new CgroupException(Operation.APPLY, dir, null, "cannot move " + applied.pid()
                            + " back: its old cgroup is outside this mount");
                }
                fs.write(back, "cgroup.procs", Long.toString(applied.pid()));
            } catch (CgroupException x) {
                if (!x.is(Errno.ESRCH)) {
                    cause.addSuppressed(x);
                }
            }
        }
        List<String> created = new ArrayList<>(applied.created());
        Collections.reverse(created);
        for (String d : created) {
            try {
                fs.rmdir(d);
            } catch (CgroupException x) {
                if (!x.is(Errno.ENOENT)) {
                    cause.addSuppressed(x);
                }
            }
        }
        if (cause.getSuppressed().length > 0) {
            throw cause;
        }
    }

    private Optional<String> whereIs(long pid) throws CgroupException {
        Optional<String> p = ProcCgroup.parse(proc.cgroup(pid)).unifiedPath();
        return p.isEmpty() ? Optional.empty() : CgroupPaths.underMount(mount, p.get());
    }

    /**
     * runc's {@code CreateCgroupPath}: every level below the mount, with the controllers the resources need enabled
     * on the way down, and {@code cgroup.type} checked.
     */
    private void createPath(V2Context ctx) throws CgroupException {
        boolean domainNeeded = CONTROLLERS.stream().anyMatch(c -> c.domain() && c.requested(resources));
        Set<String> needed = needed(resources);
        String current = mount.mountPoint();
        for (String part : dir.substring(current.length()).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            enableControllers(ctx, current, needed);
            current = current + "/" + part;
            if (fs.mkdir(current)) {
                ctx.created.add(current);
            }
            String type = ctx.readOptional(current, "cgroup.type").orElse("domain").strip();
            switch (type) {
                case "domain invalid" -> {
                    if (!ctx.created.contains(current)) {
                        throw new CgroupException(Operation.APPLY, current, "cgroup.type", null, 0, "cgroup v2 "
                                + current + " is in an invalid state (domain invalid: a threaded sibling or a process "
                                + "in an ancestor); it is not this manager's to convert to threaded", null);
                    }
                    if (domainNeeded) {
                        throw new CgroupException(Operation.APPLY, current, "cgroup.type", null, 0, "cannot enter "
                                + "cgroup v2 " + current + " with domain controllers: it is in an invalid state "
                                + "(a process sits in an ancestor)", null);
                    }
                    ctx.write(current, "cgroup.type", "threaded"); // thread-aware controllers only: as runc
                }
                case "threaded", "domain threaded" -> {
                    if (domainNeeded) {
                        throw new CgroupException(Operation.APPLY, current, "cgroup.type", null, 0, "cannot enter "
                                + "cgroup v2 " + current + " with domain controllers: it is " + type, null);
                    }
                }
                default -> {
                    // domain: fine
                }
            }
        }
    }

    /** @return the v2 controllers {@code r} writes to */
    private static Set<String> needed(Resources r) {
        Set<String> out = new LinkedHashSet<>();
        for (V2Controller c : CONTROLLERS) {
            if (c.requested(r)) {
                out.add(c.name());
            }
        }
        for (String key : r.unified().keySet()) {
            String c = key.substring(0, key.indexOf('.'));
            if (!c.equals("cgroup")) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Enables in {@code parent}'s {@code cgroup.subtree_control} those of {@code needed} that it offers and has not
     * enabled yet: all in one write, or one by one when the kernel refuses them together; a refusal is left for
     * {@code set} to report. Only what the resources use is enabled: a parent may not be this manager's (runc
     * enables every controller the root offers, at every level).
     */
    private static void enableControllers(V2Context ctx, String parent, Set<String> needed) throws CgroupException {
        if (needed.isEmpty()) {
            return;
        }
        Set<String> missing = new LinkedHashSet<>(needed);
        missing.retainAll(words(ctx.read(parent, "cgroup.controllers")));
        missing.removeAll(words(ctx.read(parent, "cgroup.subtree_control")));
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder all = new StringBuilder();
        missing.forEach(c -> all.append(all.length() > 0 ? " +" : "+").append(c));
        try {
            ctx.write(parent, "cgroup.subtree_control", all.toString());
            missing.forEach(c -> ctx.enabled.add(new String[] {parent, c}));
        } catch (CgroupException e) {
            for (String c : missing) {
                try {
                    ctx.write(parent, "cgroup.subtree_control", "+" + c);
                    ctx.enabled.add(new String[] {parent, c});
                } catch (CgroupException one) {
                    V2Context.LOG.debug("{}: cannot enable {}: {}", parent, c, one.getMessage());
                }
            }
        }
    }

    /** A later {@code set} that needs a controller the cgroup lacks: enable it on the way down, as apply would. */
    private void enableOnDemand(V2Context ctx, Resources r) throws CgroupException {
        Set<String> missing = needed(r);
        missing.removeAll(words(ctx.read(dir, "cgroup.controllers")));
        if (missing.isEmpty()) {
            return;
        }
        String current = mount.mountPoint();
        for (String part : dir.substring(current.length()).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            enableControllers(ctx, current, missing);
            current = current + "/" + part;
        }
    }

    private static List<String> words(String text) {
        String t = text.strip();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }

    /** Writes {@code cgroup.procs}; EINVAL (a task being created) is retried a few times, as runc. */
    private void join(String where, long pid) throws CgroupException {
        String p = Long.toString(pid);
        for (int attempt = 0;; attempt++) {
            try {
                fs.write(where, "cgroup.procs", p);
                return;
            } catch (CgroupException e) {
                if (!e.is(Errno.EINVAL) || attempt >= 4) {
                    throw e;
                }
                V2Context.sleep(30);
            }
        }
    }

    /**
     * Moves the process back and removes, deepest first and with rmdir only, what this call created; then disables
     * again, deepest first, the controllers it enabled in parents' {@code cgroup.subtree_control}, where the parent
     * has no other child by then (a sibling that came meanwhile may rely on it: then it stays).
     */
    private void rollback(V2Context ctx, long pid, boolean joined, Optional<String> origin, Exception cause) {
        if (joined) {
            try {
                fs.write(origin.orElseThrow(() -> new CgroupException(Operation.APPLY, dir, null,
                        "cannot move " + pid + " back: its old cgroup is outside this mount")), "cgroup.procs",
                        Long.toString(pid));
            } catch (CgroupException x) {
                cause.addSuppressed(x);
            }
        }
        List<String> created = new ArrayList<>(ctx.created);
        Collections.reverse(created);
        for (String d : created) {
            try {
                fs.rmdir(d);
            } catch (CgroupException x) {
                if (!x.is(Errno.ENOENT)) {
                    cause.addSuppressed(x);
                }
            }
        }
        disableEnabled(ctx.enabled);
    }

    private void disableEnabled(List<String[]> enabled) {
        List<String[]> undo = new ArrayList<>(enabled);
        Collections.reverse(undo);
        for (String[] e : undo) {
            if (!fs.exists(e[0])) {
                continue; // a directory this call created, removed above
            }
            try {
                if (!fs.list(e[0]).isEmpty()) {
                    // a child of someone else's may rely on it (one that came meanwhile found it enabled): it stays
                    V2Context.LOG.debug("{}: {} enabled by a failed apply stays: {} has other children", e[0], e[1],
                            e[0]);
                    continue;
                }
                fs.write(e[0], "cgroup.subtree_control", "-" + e[1]);
            } catch (CgroupException x) {
                V2Context.LOG.warn("{}: {} was enabled by a failed apply and stays: {}", e[0], e[1], x.getMessage());
            }
        }
    }

    @Override
    public synchronized void set(Resources r) throws CgroupException {
        V2Context ctx = context();
        if (fs.exists(dir)) {
            enableOnDemand(ctx, r);
        }
        for (V2Controller c : CONTROLLERS) {
            try {
                c.set(ctx, dir, r);
            } catch (CgroupException e) {
                throw explain(ctx, c.name(), e);
            }
        }
        if (r.devices().isPresent() && !r.skipDevices() && !host.userNamespace()) {
            setDevices(r.devices().get());
        }
        if (r.freezer().isPresent()) {
            setFreezer(r.freezer().get());
        }
        for (Map.Entry<String, String> e : r.unified().entrySet()) {
            setUnified(ctx, e.getKey(), e.getValue());
        }
        resources = r;
    }

    /**
     * Device rules become an eBPF program ({@link DeviceFilter}) attached to the cgroup, replacing this cgroup's
     * previous one; as runc, errors are ignored when rootless.
     */
    private void setDevices(List<DeviceRule> rules) throws CgroupException {
        byte[] program;
        try {
            program = DeviceFilter.compile(rules);
        } catch (DeviceEmulator.DeviceRuleException e) {
            throw new CgroupException(Operation.SET, config.displayPath(), null, null, 0, e.getMessage(), e);
        }
        try {
            fs.setDeviceProgram(dir, program);
        } catch (CgroupException e) {
            if (!config.rootless()) {
                throw e;
            }
            V2Context.LOG.debug("{}: rootless, device rules not applied: {}", dir, e.getMessage());
        }
    }

    /** A write that found no file: the cgroup is missing, or the controller is not enabled for it. */
    private CgroupException explain(V2Context ctx, String controller, CgroupException e) throws CgroupException {
        if (!e.is(Errno.ENOENT)) {
            return e;
        }
        if (!fs.exists(dir)) {
            return new CgroupException(Operation.SET, config.displayPath(), null, null, e.errnoNumber(),
                    "cannot set resources: the cgroup does not exist (apply it first)", e);
        }
        String has = ctx.read(dir, "cgroup.controllers").strip();
        return new CgroupException(Operation.SET, config.displayPath(), e.file().orElse(null), null, e.errnoNumber(),
                "cannot set " + controller + " limit: the " + controller + " controller is not available to this "
                        + "cgroup (it has: " + (has.isEmpty() ? "none" : has) + ")", e);
    }

    private void setUnified(V2Context ctx, String key, String value) throws CgroupException {
        if (value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new CgroupException(Operation.SET, config.displayPath(), key, null, 0,
                    "unified: the value holds a newline or NUL", null);
        }
        try {
            ctx.write(dir, key, value);
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT) || e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
                String controller = key.substring(0, key.indexOf('.'));
                if (!controller.equals("cgroup") && !words(ctx.read(dir, "cgroup.controllers")).contains(controller)) {
                    throw new CgroupException(Operation.SET, config.displayPath(), key, value, e.errnoNumber(),
                            "unified resource " + key + " cannot be set: controller " + controller
                                    + " is not available", e);
                }
            }
            throw e;
        }
    }

    @Override
    public synchronized void addPid(String subcgroup, long pid) throws CgroupException {
        String sub = subcgroup == null ? "" : subcgroup;
        if (sub.startsWith("/") || sub.indexOf('\0') >= 0 || sub.indexOf('\n') >= 0
                || Arrays.stream(sub.split("/")).anyMatch(p -> p.equals("..") || p.equals("."))) {
            throw new CgroupException(Operation.APPLY, config.displayPath(), null,
                    "sub-cgroup \"" + sub.replace("\n", "\\n") + "\" is not a relative path below the cgroup");
        }
        join(CgroupPaths.join(dir, sub), pid);
    }

    @Override
    public synchronized Stats stats(Set<Controller> want) throws CgroupException {
        V2Context ctx = context();
        V2Stats s = new V2Stats();
        Set<Controller> w = want.isEmpty() ? EnumSet.noneOf(Controller.class) : EnumSet.copyOf(want);
        for (V2Controller c : CONTROLLERS) {
            boolean asked = switch (c.name()) {
                case "cpu" -> w.contains(Controller.CPU) || w.contains(Controller.CPUACCT);
                case "memory" -> w.contains(Controller.MEMORY);
                case "io" -> w.contains(Controller.BLKIO);
                case "pids" -> w.contains(Controller.PIDS);
                case "cpuset" -> w.contains(Controller.CPUSET);
                case "hugetlb" -> w.contains(Controller.HUGETLB);
                default -> w.contains(Controller.RDMA) || w.contains(Controller.MISC);
            };
            if (asked) {
                c.stats(ctx, dir, s);
            }
        }
        return s.build();
    }

    @Override
    public synchronized void freeze(FreezerState state) throws CgroupException {
        setFreezer(state);
        if (state != FreezerState.UNDEFINED) {
            resources = resources.toBuilder().freezer(state).build();
        }
    }

    /** {@code cgroup.freeze}, then wait (bounded) until {@code cgroup.events} says {@code frozen 1}. */
    private void setFreezer(FreezerState state) throws CgroupException {
        if (state == FreezerState.UNDEFINED) {
            return;
        }
        try {
            fs.write(dir, "cgroup.freeze", state == FreezerState.FROZEN ? "1" : "0");
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT) && state == FreezerState.THAWED && fs.exists(dir)) {
                return; // a kernel without the v2 freezer (< 5.2): thawed is all it can be
            }
            if (e.is(Errno.ENOENT) && fs.exists(dir)) {
                throw new CgroupException(Operation.FREEZE, dir, "cgroup.freeze", "1", e.errnoNumber(),
                        "the cgroup v2 freezer is not supported by kernel " + host.kernelRelease() + " (5.2+)", e);
            }
            throw e;
        }
        if (state == FreezerState.FROZEN) {
            waitFor("frozen", "1", FREEZE_WAIT_MILLIS, "to freeze");
        }
    }

    /** Polls {@code cgroup.events} until {@code key} has {@code value}: 1 ms doubling to 100 ms, bounded. */
    private void waitFor(String key, String value, long millis, String what) throws CgroupException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long delay = 1;
        while (true) {
            String events = fs.read(dir, "cgroup.events");
            for (String line : events.split("\n")) {
                if (line.strip().equals(key + " " + value)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new CgroupException(Operation.FREEZE, dir, "cgroup.events", null, 0, "timed out after "
                        + millis / 1000 + " s waiting for the cgroup " + what + " (" + key + " " + value + ")", null);
            }
            V2Context.sleep(delay);
            delay = Math.min(delay * 2, 100);
        }
    }

    @Override
    public synchronized FreezerState freezerState() throws CgroupException {
        String v;
        try {
            v = fs.read(dir, "cgroup.freeze").strip();
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT) || e.is(Errno.ENODEV)) {
                return FreezerState.UNDEFINED;
            }
            throw e;
        }
        switch (v) {
            case "0":
                return FreezerState.THAWED;
            case "1":
                waitFor("frozen", "1", FREEZE_WAIT_MILLIS, "to freeze");
                return FreezerState.FROZEN;
            default:
                throw new CgroupException(Operation.READ, dir, "cgroup.freeze", "unknown state " + v);
        }
    }

    @Override
    public synchronized void destroy() throws CgroupException {
        List<Long> tasks = allPids();
        if (!tasks.isEmpty()) {
            throw new CgroupException(Operation.DESTROY, config.displayPath(), null, null, Errno.EBUSY.number(),
                    "tasks are still in it, nothing was removed: " + (tasks.size() == 1 ? "pid " : "pids ")
                            + String.join(", ", tasks.stream().limit(20).map(String::valueOf).toList())
                            + (tasks.size() > 20 ? " and " + (tasks.size() - 20) + " more" : ""), null);
        }
        removeTree(dir);
    }

    @Override
    public synchronized void destroy(boolean kill) throws CgroupException {
        if (kill && fs.exists(dir) && !allPids().isEmpty()) {
            long self = Tasks.self(proc);
            if (allPids().contains(self)) {
                throw new CgroupException(Operation.DESTROY, config.displayPath(), null, null, Errno.EBUSY.number(),
                        "this process (" + self + ") is in the cgroup; it will not kill itself", null);
            }
            killAll(self);
        }
        destroy();
    }

    /** {@code cgroup.kill} where the kernel has it (5.14+), else freeze, SIGKILL each task, thaw; then wait. */
    private void killAll(long self) throws CgroupException {
        boolean killed = false;
        if (fs.exists(dir, "cgroup.kill")) {
            fs.write(dir, "cgroup.kill", "1");
            killed = true;
        }
        if (!killed) {
            boolean frozen = false;
            try {
                setFreezer(FreezerState.FROZEN);
                frozen = true;
            } catch (CgroupException e) {
                V2Context.LOG.warn("{}: could not freeze before killing, killing anyway: {}", dir, e.getMessage());
            }
            try {
                Tasks.killAll(proc, allPids(), self);
            } finally {
                if (frozen) {
                    setFreezer(FreezerState.THAWED);
                }
            }
        }
        long deadline = System.nanoTime() + KILL_WAIT_MILLIS * 1_000_000;
        long delay = 1;
        while (!allPids().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new CgroupException(Operation.DESTROY, config.displayPath(), null, null, Errno.EBUSY.number(),
                        "tasks did not leave within " + KILL_WAIT_MILLIS / 1000 + " s of SIGKILL: " + allPids(), null);
            }
            if (!killed) {
                Tasks.killAll(proc, allPids(), self);
            }
            V2Context.sleep(delay);
            delay = Math.min(delay * 2, 100);
        }
    }

    /** Children first, then the directory; EBUSY (a task still leaving) retried with a short backoff. */
    private void removeTree(String d) throws CgroupException {
        List<String> children;
        try {
            children = fs.list(d);
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT)) {
                return;
            }
            throw e;
        }
        for (String c : children) {
            removeTree(d + "/" + c);
        }
        long delay = 1;
        for (int attempt = 0;; attempt++) {
            try {
                fs.rmdir(d);
                return;
            } catch (CgroupException e) {
                if (e.is(Errno.ENOENT)) {
                    return;
                }
                if (!e.is(Errno.EBUSY) || attempt >= 10) {
                    throw new CgroupException(Operation.DESTROY, config.displayPath(), null, null, e.errnoNumber(),
                            "could not remove " + d, e);
                }
                V2Context.sleep(delay);
                delay *= 2;
            }
        }
    }

    @Override
    public synchronized List<Long> pids() throws CgroupException {
        try {
            return Tasks.read(fs, dir);
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT)) {
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public synchronized List<Long> allPids() throws CgroupException {
        Set<Long> out = new LinkedHashSet<>();
        Tasks.walk(fs, dir, out);
        return List.copyOf(out);
    }

    /** @return the one directory, whatever the controller (runc's {@code Path}) */
    @Override
    public String path(Controller controller) {
        return dir;
    }

    /** @return {@code "" -> directory}, as runc's {@code GetPaths} on v2 */
    @Override
    public Map<String, String> paths() {
        return Map.of("", dir);
    }

    @Override
    public synchronized boolean exists() {
        return fs.exists(dir);
    }

    @Override
    public synchronized long oomKillCount() throws CgroupException {
        try {
            return context().readKeyValue(dir, "memory.events").getOrDefault("oom_kill", 0L);
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT) && (config.rootless() || fs.exists(dir))) {
                return 0; // no memory controller here
            }
            throw e;
        }
    }

    @Override
    public CgroupConfig config() {
        return config;
    }
}
