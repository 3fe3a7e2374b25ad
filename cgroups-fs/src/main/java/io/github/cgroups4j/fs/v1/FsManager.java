package io.github.cgroups4j.fs.v1;

import static io.github.cgroups4j.fs.CgroupPaths.join;
import static io.github.cgroups4j.fs.CgroupPaths.underMount;

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
import io.github.cgroups4j.fs.Tasks;
import io.github.cgroups4j.fs.TrackedApply;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.parse.ProcCgroup;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;
import io.github.cgroups4j.stats.Stats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cgroup v1 manager: a port of runc's {@code libcontainer/cgroups/fs} manager with the kmem patch, over any
 * {@link CgroupFs} (the real one or the testkit's fake).
 *
 * <p>Paths come from mountinfo: an absolute cgroup path lies under each hierarchy's mount point, a relative one
 * under the caller's own cgroup in that hierarchy (from {@code /proc/self/cgroup}, relative to the mount's root).
 * A hierarchy that is not mounted is skipped, except devices, which is required unless {@code skipDevices} (as
 * runc); a limit for a controller that is not mounted is an error of {@link #set}. On hybrid hosts the cgroup2
 * hierarchy at {@code <root>/unified} is joined too; it and {@code name=systemd} are joined only, and errors there
 * are ignored, as runc does.
 *
 * <p>Ownership: a failed {@link #apply} moves the process back where it was and removes, with {@code rmdir} only,
 * the directories that call created (a directory in which someone else created a child meanwhile stays).
 * {@link #destroy()} refuses, removing nothing, while any hierarchy still has a task in the cgroup.
 *
 * <p>Thread-safe: every operation holds the manager's lock. Each call works on its own {@link V1Context}.
 */
public final class FsManager implements TrackedApply {
    /** runc's subsystem order: cpuset first (parents populated before anything joins). */
    private static List<Subsystem> allSubsystems() {
        return List.of(new CpusetGroup(), new DevicesGroup(), new MemoryGroup(), new CpuGroup(), new CpuacctGroup(),
                new PidsGroup(), new BlkioGroup(), new HugetlbGroup(), new NetClsGroup(), new NetPrioGroup(),
                new PerfEventGroup(), new FreezerGroup(), new RdmaGroup(),
                new NameGroup("name=systemd", Controller.NAME_SYSTEMD), new NameGroup("", Controller.UNIFIED));
    }

    /** How long {@link #destroy(boolean)} waits for killed tasks to leave. */
    private static final long KILL_WAIT_MILLIS = 10_000;

    private final CgroupConfig config;
    private final CgroupFs fs;
    private final ProcFs proc;
    private final V1Context.Host host;
    /** Every subsystem of this kernel's list, mounted or not, in runc's order. */
    private final List<Subsystem> subsystems;
    /**
     * Subsystem to absolute path, for the hierarchies this manager uses; ordered as {@link #allSubsystems()}. A
     * rootless apply that may not create a hierarchy's cgroup drops it (as runc deletes it from its paths).
     */
    private final Map<Subsystem, String> paths;
    /** Subsystem name to its mount, for the hierarchies mounted here. */
    private final Map<String, MountInfo.Mount> mounts;
    private Resources resources;
    private KmemReport kmem;

    private FsManager(CgroupConfig config, CgroupFs fs, ProcFs proc, V1Context.Host host, List<Subsystem> subsystems,
            Map<Subsystem, String> paths, Map<String, MountInfo.Mount> mounts) {
        this.config = config;
        this.fs = fs;
        this.proc = proc;
        this.host = host;
        this.subsystems = subsystems;
        this.paths = paths;
        this.mounts = mounts;
        this.resources = config.resources();
    }

    /**
     * @param config the cgroup
     * @param fs the cgroupfs
     * @param proc the procfs (mountinfo, own cgroup, kernel release)
     * @return a manager; nothing is created until {@link #apply(long)}
     * @throws CgroupException if the host is cgroup v2 only, the devices hierarchy is missing (and devices are not
     *     skipped), or procfs cannot be read
     */
    public static FsManager create(CgroupConfig config, CgroupFs fs, ProcFs proc) throws CgroupException {
        return build(config, Map.of(), fs, proc, HostSnapshot.read(proc));
    }

    /**
     * Like {@link #create(CgroupConfig, CgroupFs, ProcFs)} with the host already read, for processes that create
     * many managers.
     *
     * @param config the cgroup
     * @param fs the cgroupfs
     * @param proc the procfs (read only for a relative path's own cgroup, and for the tasks' cgroups)
     * @param host the mounts and kernel
     * @return a manager; nothing is created until {@link #apply(long)}
     * @throws CgroupException if the host is cgroup v2 only, the devices hierarchy is missing, or procfs cannot be
     *     read
     */
    public static FsManager create(CgroupConfig config, CgroupFs fs, ProcFs proc, HostSnapshot host)
            throws CgroupException {
        return build(config, Map.of(), fs, proc, host);
    }

    /**
     * Re-creates a manager from paths saved from {@link #paths()}, e.g. to destroy what a crashed process left.
     *
     * @param config the cgroup
     * @param savedPaths subsystem name to absolute path
     * @param fs the cgroupfs
     * @param proc the procfs
     * @return a manager over exactly those paths
     * @throws CgroupException if procfs cannot be read
     */
    public static FsManager load(CgroupConfig config, Map<String, String> savedPaths, CgroupFs fs, ProcFs proc)
            throws CgroupException {
        return build(config, savedPaths, fs, proc, HostSnapshot.read(proc));
    }

    private static FsManager build(CgroupConfig config, Map<String, String> saved, CgroupFs fs, ProcFs proc,
            HostSnapshot host) throws CgroupException {
        Optional<CgroupMode> mode = host.mode();
        if (mode.isEmpty() || !host.hasV1()) {
            throw new CgroupException(Operation.CHECK, config.displayPath(), null, mode.isPresent()
                    ? "this host is cgroup v2 only (unified): use Fs2Manager (the fs2 backend), or CgroupfsManagers.create to "
                    + "pick by host"
                    : "no cgroup file system is mounted");
        }
        boolean skipDevices = config.resources().skipDevices();
        String inner = config.innerPath();
        ProcCgroup own = null;
        List<Subsystem> subsystems = allSubsystems();
        Map<Subsystem, String> paths = new LinkedHashMap<>();
        Map<String, MountInfo.Mount> mounts = new LinkedHashMap<>();
        for (Subsystem s : subsystems) {
            Optional<MountInfo.Mount> m = s.name().isEmpty() ? host.hybridUnifiedMount() : host.v1Mount(s.name());
            if (m.isEmpty()) {
                if (s instanceof DevicesGroup && !skipDevices && saved.isEmpty()) {
                    throw new CgroupException(Operation.CHECK, config.displayPath(), null, "no devices hierarchy is "
                            + "mounted: the devices cgroup is required for a container's security (as in runc); set "
                            + "skipDevices to manage the cgroup without it");
                }
                continue;
            }
            mounts.put(s.name(), m.get());
            if (s instanceof DevicesGroup && skipDevices) {
                continue; // skipDevices: the devices cgroup is neither created nor joined
            }
            String mountPoint = m.get().mountPoint();
            if (!saved.isEmpty()) {
                String p = saved.get(s.name());
                if (p != null) {
                    paths.put(s, p);
                }
                continue;
            }
            String dir;
            if (inner.startsWith("/")) {
                dir = join(mountPoint, inner);
            } else {
                if (own == null) {
                    own = ProcCgroup.parse(proc.cgroup(ProcFs.SELF));
                }
                if (s.name().isEmpty()) {
                    dir = join(mountPoint, inner); // runc: the hybrid cgroup2's own path is its mount point
                } else {
                    Optional<String> base = own.v1Path(s.name()).flatMap(p -> underMount(m.get(), p));
                    if (base.isEmpty()) {
                        continue; // runc skips a subsystem the caller has no cgroup in (NotFound)
                    }
                    dir = join(base.get(), inner);
                }
            }
            if (dir.equals(mountPoint)) {
                throw new CgroupException(Operation.CHECK, config.displayPath(), null,
                        "the cgroup would be the root of the " + s.name() + " hierarchy; refusing to manage it");
            }
            paths.put(s, dir);
        }
        Map<String, String> mountPoints = new LinkedHashMap<>();
        mounts.forEach((k, v) -> mountPoints.put(k, v.mountPoint()));
        V1Context.Host h = new V1Context.Host(fs, config, host.kernelRelease(), mountPoints, host.pageSize(),
                host.hugePageSizes(), host.userNamespace(), host.probed);
        return new FsManager(config, fs, proc, h, subsystems, paths, mounts);
    }

    /** The hierarchies runc only joins (errors ignored): {@code name=systemd} and the hybrid cgroup2. */
    private static boolean joinOnly(Subsystem s) {
        return s instanceof NameGroup;
    }

    /** runc's {@code isIgnorableError}: a rootless manager tolerates EPERM, EACCES and EROFS. */
    private boolean ignorable(CgroupException e) {
        return config.rootless() && (e.is(Errno.EPERM) || e.is(Errno.EACCES) || e.is(Errno.EROFS));
    }

    /** Where {@code pid} is now, per subsystem of this manager, as directories (empty for a pid not given). */
    private Map<Subsystem, String> whereIs(long pid) throws CgroupException {
        Map<Subsystem, String> origin = new LinkedHashMap<>();
        if (pid == NO_PID) {
            return origin;
        }
        ProcCgroup pc = ProcCgroup.parse(proc.cgroup(pid));
        for (Subsystem s : paths.keySet()) {
            Optional<String> p = s.name().isEmpty() ? pc.unifiedPath() : pc.v1Path(s.name());
            MountInfo.Mount m = mounts.get(s.name());
            if (p.isPresent() && m != null) {
                underMount(m, p.get()).ifPresent(dir -> origin.put(s, dir));
            }
        }
        return origin;
    }

    @Override
    public synchronized void apply(long pid) throws CgroupException {
        applyTracked(pid);
    }

    @Override
    public synchronized Applied applyTracked(long pid) throws CgroupException {
        Map<Subsystem, String> origin = whereIs(pid);
        V1Context ctx = new V1Context(host);
        List<Subsystem> joined = new ArrayList<>();
        try {
            for (Subsystem s : List.copyOf(paths.keySet())) {
                String path = paths.get(s);
                int createdBefore = ctx.created.size();
                try {
                    s.apply(ctx, path, resources, pid);
                    joined.add(s);
                } catch (CgroupException e) {
                    if (joinOnly(s)) {
                        V1Context.LOG.debug("{}: joining the {} hierarchy failed (ignored, as runc): {}", path,
                                s.name(), e.getMessage());
                        continue;
                    }
                    if (ignorable(e) && config.path().isEmpty()) {
                        // runc: rootless without an explicit path drops the hierarchy; set then refuses its limits
                        V1Context.LOG.debug("{}: rootless, no permission in the {} hierarchy: left out ({})", path,
                                s.name(), e.getMessage());
                        // what this hierarchy's apply created goes with it: nothing would remove it later
                        List<String> mine = new ArrayList<>(ctx.created.subList(createdBefore, ctx.created.size()));
                        ctx.created.subList(createdBefore, ctx.created.size()).clear();
                        Collections.reverse(mine);
                        for (String dir : mine) {
                            rmdirOwn(dir);
                        }
                        paths.remove(s);
                        continue;
                    }
                    throw e;
                }
            }
        } catch (CgroupException | RuntimeException e) {
            rollback(pid, joined, origin, ctx, e);
            throw e;
        } finally {
            remember(ctx);
        }
        Map<String, String> from = new LinkedHashMap<>();
        for (Subsystem s : joined) {
            String dir = origin.get(s);
            if (dir != null) {
                from.put(s.name(), dir);
            }
        }
        return new Applied(pid, from, ctx.created);
    }

    @Override
    public synchronized Applied locate(long pid) throws CgroupException {
        Map<String, String> at = new LinkedHashMap<>();
        whereIs(pid).forEach((s, dir) -> at.put(s.name(), dir));
        return new Applied(pid, at, List.of());
    }

    @Override
    public synchronized void undo(Applied applied) throws CgroupException {
        CgroupException first = null;
        if (applied.pid() != NO_PID) {
            Map<Subsystem, String> origin = new LinkedHashMap<>();
            for (Subsystem s : allSubsystemsOf(applied.origin().keySet())) {
                origin.put(s, applied.origin().get(s.name()));
            }
            first = new CgroupException(Operation.APPLY, config.displayPath(), null, "undoing an apply");
            moveBack(applied.pid(), origin.keySet(), origin, first);
        }
        List<String> created = new ArrayList<>(applied.created());
        Collections.reverse(created);
        for (String dir : created) {
            try {
                rmdirOwn(dir);
            } catch (CgroupException x) {
                if (first == null) {
                    first = new CgroupException(Operation.APPLY, config.displayPath(), null, "undoing an apply");
                }
                first.addSuppressed(x);
            }
        }
        if (first != null && first.getSuppressed().length > 0) {
            throw first;
        }
    }

    /** The subsystems (of this manager's) with these names, in the manager's order. */
    private List<Subsystem> allSubsystemsOf(Set<String> names) {
        List<Subsystem> out = new ArrayList<>();
        for (Subsystem s : subsystems) {
            if (names.contains(s.name())) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public io.github.cgroups4j.events.EventSubscription events(io.github.cgroups4j.events.EventRequest request,
            java.util.concurrent.Executor executor,
            java.util.function.Consumer<io.github.cgroups4j.events.MemoryEvent> listener) throws CgroupException {
        String memory;
        String unified;
        synchronized (this) {
            memory = path(Controller.MEMORY);
            unified = path(Controller.UNIFIED);
        }
        if (memory == null) {
            throw new CgroupException(Operation.OPEN, config.displayPath(), null, "no memory cgroup to watch (the "
                    + "memory controller is not mounted, or this manager left it out)");
        }
        return io.github.cgroups4j.fs.Watches.start(fs, memory, false, unified, request, executor, listener);
    }

    /** Keeps what kmem came to in a finished call. */
    private void remember(V1Context ctx) {
        V1Context.KmemState k = ctx.kmem;
        if (k.decision == null) {
            return;
        }
        KmemReport before = kmem;
        kmem = new KmemReport(k.decision, k.accountingEnabled || before != null && before.accountingEnabled(),
                k.limitWritten || before != null && before.limitWritten(),
                k.ignoredByKernel || before != null && before.ignoredByKernel());
    }

    /**
     * Moves the process back where it was and removes, leaves first and with {@code rmdir} only, what this call
     * created. A directory that gained a child meanwhile (another manager's) stays, with a warning.
     */
    private void rollback(long pid, List<Subsystem> joined, Map<Subsystem, String> origin, V1Context ctx,
            Exception cause) {
        if (pid != NO_PID) {
            moveBack(pid, joined, origin, cause);
        }
        List<String> created = new ArrayList<>(ctx.created);
        Collections.reverse(created);
        for (String dir : created) {
            try {
                rmdirOwn(dir);
            } catch (CgroupException x) {
                cause.addSuppressed(x);
            }
        }
    }

    /** Writes {@code pid} back to its old cgroup in each of {@code moved}; failures are added to {@code cause}. */
    private void moveBack(long pid, Collection<Subsystem> moved, Map<Subsystem, String> origin, Exception cause) {
        Set<String> done = new HashSet<>();
        for (Subsystem s : moved) {
            String back = origin.get(s);
            if (back == null) {
                cause.addSuppressed(new CgroupException(Operation.APPLY, paths.get(s), null, null, 0,
                        "cannot move " + pid + " back: its old " + s.name() + " cgroup is outside this mount", null));
                continue;
            }
            if (!done.add(back)) {
                continue; // co-mounted hierarchies share a directory
            }
            try {
                fs.write(back, "cgroup.procs", Long.toString(pid));
            } catch (CgroupException x) {
                if (!joinOnly(s) && !x.is(Errno.ESRCH)) {
                    cause.addSuppressed(x);
                }
            }
        }
    }

    /**
     * Removes a directory this manager created, with {@code rmdir} only. EBUSY while it has no child directory (a
     * task still leaving) is retried briefly; a directory with children is someone else's business now and stays.
     */
    private void rmdirOwn(String dir) throws CgroupException {
        long delay = 1;
        for (int attempt = 0;; attempt++) {
            try {
                fs.rmdir(dir);
                return;
            } catch (CgroupException e) {
                if (e.is(Errno.ENOENT)) {
                    return;
                }
                if (!e.is(Errno.EBUSY)) {
                    throw e;
                }
                List<String> children = fs.list(dir);
                if (!children.isEmpty()) {
                    V1Context.LOG.warn("{}: created by this apply but left in place: it now has sub-cgroups {} that "
                            + "this manager did not create", dir, children);
                    return;
                }
                if (attempt >= 6) {
                    throw e;
                }
                V1Context.sleep(delay);
                delay *= 2;
            }
        }
    }

    @Override
    public synchronized void set(Resources r) throws CgroupException {
        if (!r.unified().isEmpty()) {
            throw new CgroupException(Operation.SET, config.displayPath(), null,
                    "unified (cgroup v2) resources cannot be set on cgroup v1: " + r.unified().keySet());
        }
        V1Context ctx = new V1Context(host);
        V1Context unreachable = null; // this call's context for the hierarchies it has no cgroup in, made once
        try {
            for (Subsystem s : subsystems) {
                String path = paths.get(s);
                if (path == null) {
                    if (unreachable == null) {
                        unreachable = new V1Context(new V1Context.Host(UnreachableFs.INSTANCE, config,
                                host.kernelRelease, host.mounts, host.pageSize, host.hugePageSizes,
                                host.userNamespace));
                    }
                    refuseUnreachable(unreachable, s, r);
                    continue;
                }
                if (s instanceof DevicesGroup && host.userNamespace) {
                    continue; // runc: device rules cannot be written from inside a user namespace
                }
                try {
                    s.set(ctx, path, r);
                } catch (CgroupException x) {
                    if (config.rootless() && s instanceof DevicesGroup) {
                        V1Context.LOG.debug("{}: rootless, device rules not applied: {}", path, x.getMessage());
                        continue; // runc: devices errors are ignored when rootless
                    }
                    if (x.is(Errno.ENOENT) && !fs.exists(path)) {
                        throw new CgroupException(Operation.SET, path, null, null, x.errnoNumber(),
                                "cannot set resources: the cgroup does not exist in the " + s.name()
                                        + " hierarchy (apply it first)", x);
                    }
                    throw x;
                }
            }
        } finally {
            remember(ctx);
        }
        resources = r;
    }

    /**
     * runc's {@code cannot set X limit}: a limit for a controller this manager has no cgroup in is an error, found by
     * running the controller's {@code set} against a file system that records nothing and refuses every access.
     *
     * @param unreachable the calling {@code set}'s context over that file system
     */
    private void refuseUnreachable(V1Context unreachable, Subsystem s, Resources r) throws CgroupException {
        if (joinOnly(s) || s instanceof DevicesGroup && (r.skipDevices() || host.userNamespace || config.rootless())) {
            return;
        }
        try {
            s.set(unreachable, "", r);
        } catch (CgroupException e) {
            if (e instanceof UnreachableFs.Touched) {
                String why = mounts.containsKey(s.name())
                        ? "the container could not join or create its " + s.name() + " cgroup"
                        : "no " + s.name() + " hierarchy is mounted";
                throw new CgroupException(Operation.SET, config.displayPath(), null,
                        "cannot set " + s.name() + " limit: " + why);
            }
            throw e;
        }
    }

    @Override
    public synchronized void addPid(String subcgroup, long pid) throws CgroupException {
        String sub = subcgroup == null ? "" : subcgroup;
        if (sub.startsWith("/") || sub.indexOf('\0') >= 0 || sub.indexOf('\n') >= 0) {
            throw new CgroupException(Operation.APPLY, config.displayPath(), null,
                    "sub-cgroup \"" + sub.replace("\n", "\\n") + "\" is not a relative path");
        }
        for (String part : sub.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new CgroupException(Operation.APPLY, config.displayPath(), null,
                        "sub-cgroup \"" + sub + "\" would leave the cgroup");
            }
        }
        Map<Subsystem, String> origin = whereIs(pid);
        List<Subsystem> moved = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (Map.Entry<Subsystem, String> e : paths.entrySet()) {
            String dir = join(e.getValue(), sub);
            if (!done.add(dir)) {
                moved.add(e.getKey());
                continue;
            }
            try {
                fs.write(dir, "cgroup.procs", Long.toString(pid));
                moved.add(e.getKey());
            } catch (CgroupException x) {
                if (joinOnly(e.getKey()) || ignorable(x) && config.path().isEmpty()) {
                    continue;
                }
                moveBack(pid, moved, origin, x); // never leave the process split across hierarchies
                throw x;
            }
        }
    }

    @Override
    public synchronized Stats stats(Set<Controller> controllers) throws CgroupException {
        V1Context ctx = new V1Context(host);
        V1Stats s = new V1Stats();
        Set<Controller> want = EnumSet.copyOf(controllers.isEmpty() ? EnumSet.noneOf(Controller.class) : controllers);
        if (want.contains(Controller.CPU) || want.contains(Controller.CPUACCT)) {
            want.add(Controller.CPU);
            want.add(Controller.CPUACCT);
        }
        for (Map.Entry<Subsystem, String> e : paths.entrySet()) {
            if (want.contains(e.getKey().controller())) {
                try {
                    e.getKey().stats(ctx, e.getValue(), s);
                } catch (CgroupException x) {
                    if (!x.is(Errno.ENOENT) || fs.exists(e.getValue())) {
                        throw x;
                    }
                    // this hierarchy has no such cgroup (e.g. not applied there): nothing to read
                }
            }
        }
        return s.build();
    }

    private Optional<Map.Entry<Subsystem, String>> find(Controller c) {
        return paths.entrySet().stream().filter(e -> e.getKey().controller() == c).findFirst();
    }

    @Override
    public synchronized void freeze(FreezerState state) throws CgroupException {
        if (state == FreezerState.UNDEFINED) {
            return; // runc: nothing to do
        }
        Map.Entry<Subsystem, String> f = find(Controller.FREEZER).orElseThrow(() -> new CgroupException(
                Operation.FREEZE, config.displayPath(), null, "no freezer hierarchy is mounted"));
        f.getKey().set(new V1Context(host), f.getValue(), Resources.builder().freezer(state).build());
        resources = resources.toBuilder().freezer(state).build();
    }

    @Override
    public synchronized FreezerState freezerState() throws CgroupException {
        Optional<Map.Entry<Subsystem, String>> f = find(Controller.FREEZER);
        if (f.isEmpty()) {
            return FreezerState.UNDEFINED;
        }
        return FreezerGroup.state(new V1Context(host), f.get().getValue());
    }

    /** The distinct directories of this cgroup, each with the names of the hierarchies it serves. */
    private Map<String, List<String>> directories() {
        Map<String, List<String>> dirs = new LinkedHashMap<>();
        paths.forEach((s, p) -> dirs.computeIfAbsent(p, k -> new ArrayList<>())
                .add(s.name().isEmpty() ? "cgroup2" : s.name()));
        return dirs;
    }

    /** {@link #directories()} without the join-only hierarchies. */
    private Map<String, List<String>> killableDirectories() {
        Map<String, List<String>> dirs = new LinkedHashMap<>();
        paths.forEach((s, p) -> {
            if (!joinOnly(s)) {
                dirs.computeIfAbsent(p, k -> new ArrayList<>()).add(s.name());
            }
        });
        return dirs;
    }

    @Override
    public synchronized void destroy() throws CgroupException {
        Map<String, List<String>> dirs = directories();
        Map<Long, Set<String>> tasks = tasks(dirs);
        if (!tasks.isEmpty()) {
            throw new CgroupException(Operation.DESTROY, config.displayPath(), null, null, Errno.EBUSY.number(),
                    "tasks are still in it, nothing was removed: " + describe(tasks), null);
        }
        removeAll(new ArrayList<>(dirs.keySet()));
    }

    @Override
    public synchronized void destroy(boolean kill) throws CgroupException {
        if (!kill) {
            destroy();
            return;
        }
        Map<String, List<String>> dirs = directories();
        long self = Tasks.self(proc);
        Map<Long, Set<String>> tasks = tasks(dirs);
        if (tasks.containsKey(self)) {
            throw new CgroupException(Operation.DESTROY, config.displayPath(), null, null, Errno.EBUSY.number(),
                    "this process (" + self + ") is in the cgroup; it will not kill itself", null);
        }
        if (!tasks.isEmpty()) {
            killAll(self);
        }
        destroy();
    }

    /** Freezes, SIGKILLs every task, thaws, and waits (bounded) until no task is left in any hierarchy. */
    private void killAll(long self) throws CgroupException {
        // only tasks found where this manager's cgroup really is: the join-only hierarchies (name=systemd, the hybrid
        // cgroup2) are placed as runc places them and may hold someone else's cgroup of that name; a task left there
        // makes the destroy that follows fail with EBUSY, naming it
        Map<String, List<String>> mine = killableDirectories();
        Optional<Map.Entry<Subsystem, String>> freezer = find(Controller.FREEZER)
                .filter(e -> fs.exists(e.getValue()));
        boolean frozen = false;
        if (freezer.isPresent()) {
            try {
                freezer.get().getKey().set(new V1Context(host), freezer.get().getValue(),
                        Resources.builder().freezer(FreezerState.FROZEN).build());
                frozen = true;
            } catch (CgroupException e) {
                V1Context.LOG.warn("{}: could not freeze before killing, killing anyway: {}", config.displayPath(),
                        e.getMessage());
            }
        }
        try {
            Tasks.killAll(proc, tasks(mine).keySet(), self);
        } finally {
            if (frozen) {
                FreezerGroup.thaw(new V1Context(host), freezer.get().getValue());
            }
        }
        long deadline = System.nanoTime() + KILL_WAIT_MILLIS * 1_000_000;
        long delay = 1;
        while (true) {
            Map<Long, Set<String>> left = tasks(mine);
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CgroupException(Operation.DESTROY, config.displayPath(), null, null, Errno.EBUSY.number(),
                        "tasks did not leave within " + KILL_WAIT_MILLIS / 1000 + " s of SIGKILL, nothing was "
                                + "removed: " + describe(left), null);
            }
            Tasks.killAll(proc, left.keySet(), self); // a task forked before the freeze
            V1Context.sleep(delay);
            delay = Math.min(delay * 2, 100);
        }
    }

    /** Every task in the cgroups (and below them), with the hierarchies it was found in. */
    private Map<Long, Set<String>> tasks(Map<String, List<String>> dirs) throws CgroupException {
        Map<Long, Set<String>> tasks = new TreeMap<>();
        for (Map.Entry<String, List<String>> d : dirs.entrySet()) {
            List<Long> pids = new ArrayList<>();
            Tasks.walk(fs, d.getKey(), pids);
            for (long pid : pids) {
                tasks.computeIfAbsent(pid, k -> new TreeSet<>()).addAll(d.getValue());
            }
        }
        return tasks;
    }

    private static String describe(Map<Long, Set<String>> tasks) {
        StringBuilder sb = new StringBuilder();
        Map<Set<String>, List<Long>> byPlace = new LinkedHashMap<>();
        tasks.forEach((pid, where) -> byPlace.computeIfAbsent(where, k -> new ArrayList<>()).add(pid));
        byPlace.forEach((where, pids) -> {
            List<String> shown = pids.stream().limit(20).map(String::valueOf).toList();
            sb.append(sb.length() > 0 ? "; " : "").append(pids.size() == 1 ? "pid " : "pids ")
                    .append(String.join(", ", shown)).append(pids.size() > 20 ? " and " + (pids.size() - 20)
                            + " more" : "").append(" in ").append(String.join(", ", where));
        });
        return sb.toString();
    }

    /**
     * Removes cgroups and their descendants, leaves first. ENOENT is success. While the kernel says EBUSY (tasks
     * still leaving), every busy path is retried together with one backoff (1 ms doubling, 10 rounds, about a
     * second in all), so many hierarchies do not wait in series. Interruptible.
     */
    private void removeAll(List<String> dirs) throws CgroupException {
        List<String> busy = new ArrayList<>();
        CgroupException last = null;
        for (String dir : dirs) {
            try {
                if (!removeTree(dir)) {
                    busy.add(dir);
                }
            } catch (CgroupException e) {
                last = e;
                busy.add(dir);
            }
        }
        long delay = 1;
        for (int round = 0; round < 10 && !busy.isEmpty() && (last == null || last.is(Errno.EBUSY)); round++) {
            V1Context.sleep(delay);
            delay *= 2;
            List<String> still = new ArrayList<>();
            for (String dir : busy) {
                try {
                    if (!removeTree(dir)) {
                        still.add(dir);
                    }
                } catch (CgroupException e) {
                    last = e;
                    still.add(dir);
                }
            }
            busy = still;
        }
        if (!busy.isEmpty()) {
            int errno = last != null ? last.errnoNumber() : Errno.EBUSY.number();
            throw new CgroupException(Operation.DESTROY, config.displayPath(), null, null, errno,
                    "could not remove " + busy, last);
        }
    }

    /** One pass: children first, then the directory. @return false if the kernel said EBUSY */
    private boolean removeTree(String dir) throws CgroupException {
        for (MountInfo.Mount m : mounts.values()) {
            if (m.mountPoint().equals(dir)) {
                throw new CgroupException(Operation.RMDIR, dir, null, "refusing to remove a hierarchy root");
            }
        }
        if (rmdirUnlessBusy(dir)) {
            return true;
        }
        List<String> children;
        try {
            children = fs.list(dir);
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT)) {
                return true;
            }
            throw e;
        }
        boolean childrenGone = true;
        for (String c : children) {
            childrenGone &= removeTree(dir + "/" + c);
        }
        return childrenGone && rmdirUnlessBusy(dir);
    }

    /** @return true when the directory is gone (removed, or ENOENT), false when the kernel said EBUSY */
    private boolean rmdirUnlessBusy(String dir) throws CgroupException {
        try {
            fs.rmdir(dir);
            return true;
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT)) {
                return true;
            }
            if (e.is(Errno.EBUSY)) {
                return false;
            }
            throw e;
        }
    }

    /** The tasks of this cgroup in every hierarchy that has it, each once, in the order found. */
    @Override
    public synchronized List<Long> pids() throws CgroupException {
        Set<Long> out = new LinkedHashSet<>();
        for (String dir : directories().keySet()) {
            try {
                out.addAll(Tasks.read(fs, dir));
            } catch (CgroupException e) {
                if (!e.is(Errno.ENOENT)) {
                    throw e;
                }
            }
        }
        return List.copyOf(out);
    }

    /** The tasks of this cgroup and every cgroup below it, in every hierarchy that has it, each once. */
    @Override
    public synchronized List<Long> allPids() throws CgroupException {
        Set<Long> out = new LinkedHashSet<>();
        for (String dir : directories().keySet()) {
            List<Long> pids = new ArrayList<>();
            Tasks.walk(fs, dir, pids);
            out.addAll(pids);
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized String path(Controller controller) {
        return find(controller).map(Map.Entry::getValue).orElse(null);
    }

    @Override
    public synchronized Map<String, String> paths() {
        Map<String, String> out = new LinkedHashMap<>();
        paths.forEach((s, p) -> out.put(s.name(), p));
        return Collections.unmodifiableMap(out);
    }

    /** @return whether the cgroup exists in any of this manager's hierarchies */
    @Override
    public synchronized boolean exists() {
        for (String dir : directories().keySet()) {
            if (fs.exists(dir)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the hierarchies (v1 subsystem names, {@code cgroup2}) in which this cgroup exists now
     */
    public synchronized List<String> existingIn() {
        List<String> out = new ArrayList<>();
        directories().forEach((dir, names) -> {
            if (fs.exists(dir)) {
                out.addAll(names);
            }
        });
        return out;
    }

    @Override
    public synchronized long oomKillCount() throws CgroupException {
        String mem = path(Controller.MEMORY);
        if (mem == null) {
            return 0;
        }
        try {
            return new V1Context(host).readKeyValue(mem, "memory.oom_control").getOrDefault("oom_kill", 0L);
        } catch (CgroupException e) {
            if (config.rootless() && e.is(Errno.ENOENT)) {
                return 0;
            }
            throw e;
        }
    }

    @Override
    public CgroupConfig config() {
        return config;
    }

    /** @return what kernel memory came to on this manager's memory cgroup, once apply or set decided */
    public synchronized Optional<KmemReport> kmemReport() {
        return Optional.ofNullable(kmem);
    }
}
