package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupException.Operation;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.parse.ProcCgroup;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;
import io.github.cgroups4j.stats.Stats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cgroup v1 manager: a port of runc's {@code libcontainer/cgroups/fs} manager with the kmem patch, over any
 * {@link CgroupFs} (the real one or the testkit's fake).
 *
 * <p>Paths come from mountinfo: an absolute cgroup path lies under each hierarchy's mount point, a relative one
 * under the caller's own cgroup in that hierarchy (from {@code /proc/self/cgroup}, relative to the mount's root).
 * A hierarchy that is not mounted is skipped. On hybrid hosts the cgroup2 hierarchy is joined too. A failed
 * {@link #apply} moves the process back where it was and removes every directory it created; {@link #destroy}
 * removes leaves first, retrying while the kernel says busy.
 *
 * <p>Thread-safe: every operation holds the manager's lock.
 */
public final class FsManager implements CgroupManager {
    /** runc's subsystem order: cpuset first (parents populated before anything joins). */
    private static List<Subsystem> allSubsystems() {
        return List.of(new CpusetGroup(), new DevicesGroup(), new MemoryGroup(), new CpuGroup(), new CpuacctGroup(),
                new PidsGroup(), new BlkioGroup(), new HugetlbGroup(), new NetClsGroup(), new NetPrioGroup(),
                new PerfEventGroup(), new FreezerGroup(), new RdmaGroup(),
                new NameGroup("name=systemd", Controller.NAME_SYSTEMD), new NameGroup("misc", Controller.MISC),
                new NameGroup("", Controller.UNIFIED));
    }

    private final CgroupConfig config;
    private final CgroupFs fs;
    private final ProcFs proc;
    private final V1Context ctx;
    /** Subsystem to absolute path, for the hierarchies mounted here; ordered as {@link #allSubsystems()}. */
    private final Map<Subsystem, String> paths;
    /** Directories of one hierarchy root each, for the parent-of-path checks of destroy. */
    private final Map<String, String> mounts;
    private Resources resources;

    private FsManager(CgroupConfig config, CgroupFs fs, ProcFs proc, V1Context ctx, Map<Subsystem, String> paths,
            Map<String, String> mounts) {
        this.config = config;
        this.fs = fs;
        this.proc = proc;
        this.ctx = ctx;
        this.paths = paths;
        this.mounts = mounts;
        this.resources = config.resources();
    }

    /**
     * @param config the cgroup
     * @param fs the cgroupfs
     * @param proc the procfs (mountinfo, own cgroup, kernel release)
     * @return a manager; nothing is created until {@link #apply(long)}
     * @throws CgroupException if the host is cgroup v2 only, or procfs cannot be read
     */
    public static FsManager create(CgroupConfig config, CgroupFs fs, ProcFs proc) throws CgroupException {
        return build(config, Map.of(), fs, proc, HostSnapshot.read(proc));
    }

    /**
     * Like {@link #create(CgroupConfig, CgroupFs, ProcFs)} with the mounts and kernel already read, for processes
     * that create many managers.
     *
     * @param config the cgroup
     * @param fs the cgroupfs
     * @param proc the procfs (read only for a relative path's own cgroup)
     * @param host the mounts and kernel
     * @return a manager; nothing is created until {@link #apply(long)}
     * @throws CgroupException if the host is cgroup v2 only, or procfs cannot be read
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
        MountInfo mi = host.mounts();
        Optional<CgroupMode> mode = host.mode();
        if (mode.isEmpty() || !host.hasV1()) {
            throw new CgroupException(Operation.CHECK, config.displayPath(), null, mode.isPresent()
                    ? "cgroup v2 (unified) hosts are not supported by the v1 fs manager; the fs2 backend comes later"
                    : "no cgroup file system is mounted");
        }
        String inner = config.innerPath();
        ProcCgroup own = null;
        Map<Subsystem, String> paths = new LinkedHashMap<>();
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Subsystem s : allSubsystems()) {
            Optional<MountInfo.Mount> m = s.name().isEmpty()
                    ? (mode.get() == CgroupMode.HYBRID ? mi.unifiedMount() : Optional.empty())
                    : host.v1Mount(s.name());
            if (m.isEmpty()) {
                continue;
            }
            String mountPoint = m.get().mountPoint();
            mounts.put(s.name(), mountPoint);
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
                Optional<String> ownPath = s.name().isEmpty() ? own.unifiedPath() : own.v1Path(s.name());
                String rel = ownPath.orElse("/");
                String root = m.get().root();
                if (!root.equals("/") && (rel.equals(root) || rel.startsWith(root + "/"))) {
                    rel = rel.substring(root.length());
                }
                dir = join(join(mountPoint, rel), inner);
            }
            if (dir.equals(mountPoint)) {
                throw new CgroupException(Operation.CHECK, config.displayPath(), null,
                        "the cgroup would be the root of the " + s.name() + " hierarchy; refusing to manage it");
            }
            paths.put(s, dir);
        }
        return new FsManager(config, fs, proc, new V1Context(fs, config, host.kernelRelease(), mounts), paths,
                mounts);
    }

    private static String join(String a, String b) {
        StringBuilder sb = new StringBuilder(a.endsWith("/") ? a.substring(0, a.length() - 1) : a);
        for (String part : b.split("/")) {
            if (!part.isEmpty()) {
                sb.append('/').append(part);
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    @Override
    public synchronized void apply(long pid) throws CgroupException {
        Map<Subsystem, String> origin = new LinkedHashMap<>();
        if (pid != NO_PID) {
            ProcCgroup pc = ProcCgroup.parse(proc.cgroup(pid));
            for (Subsystem s : paths.keySet()) {
                Optional<String> p = s.name().isEmpty() ? pc.unifiedPath() : pc.v1Path(s.name());
                p.ifPresent(x -> origin.put(s, join(mounts.get(s.name()), x)));
            }
        }
        ctx.created.clear();
        List<Subsystem> joined = new ArrayList<>();
        try {
            for (Map.Entry<Subsystem, String> e : paths.entrySet()) {
                e.getKey().apply(ctx, e.getValue(), resources, pid);
                joined.add(e.getKey());
            }
        } catch (CgroupException | RuntimeException e) {
            rollback(pid, joined, origin, e);
            throw e;
        } finally {
            ctx.created.clear();
        }
    }

    /** Moves the process back and removes what this apply created, leaves first. */
    private void rollback(long pid, List<Subsystem> joined, Map<Subsystem, String> origin, Exception cause) {
        if (pid != NO_PID) {
            for (Subsystem s : paths.keySet()) {
                String back = origin.get(s);
                if (back != null) {
                    try {
                        fs.write(back, "cgroup.procs", Long.toString(pid));
                    } catch (CgroupException x) {
                        if (joined.contains(s)) {
                            cause.addSuppressed(x);
                        }
                    }
                }
            }
        }
        List<String> created = new ArrayList<>(ctx.created);
        Collections.reverse(created);
        try {
            removeAll(created);
        } catch (CgroupException x) {
            cause.addSuppressed(x);
        }
    }


    @Override
    public synchronized void set(Resources r) throws CgroupException {
        if (!r.unified().isEmpty()) {
            throw new CgroupException(Operation.SET, config.displayPath(), null,
                    "unified (cgroup v2) resources cannot be set on cgroup v1: " + r.unified().keySet());
        }
        for (Map.Entry<Subsystem, String> e : paths.entrySet()) {
            try {
                e.getKey().set(ctx, e.getValue(), r);
            } catch (CgroupException x) {
                if (x.is(Errno.ENOENT) && !fs.exists(e.getValue())) {
                    throw new CgroupException(Operation.SET, e.getValue(), null, null, x.errnoNumber(),
                            "cannot set resources: the cgroup does not exist (apply it first)", x);
                }
                throw x;
            }
        }
        resources = r;
    }

    @Override
    public synchronized void addPid(String subcgroup, long pid) throws CgroupException {
        String sub = subcgroup == null ? "" : subcgroup;
        for (String part : sub.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new CgroupException(Operation.APPLY, config.displayPath(), null,
                        "sub-cgroup \"" + sub + "\" would leave the cgroup");
            }
        }
        for (String dir : new LinkedHashSet<>(paths.values())) {
            fs.write(join(dir, sub), "cgroup.procs", Long.toString(pid));
        }
    }

    @Override
    public synchronized Stats stats(Set<Controller> controllers) throws CgroupException {
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
        Map.Entry<Subsystem, String> f = find(Controller.FREEZER).orElseThrow(() -> new CgroupException(
                Operation.FREEZE, config.displayPath(), null, "no freezer hierarchy is mounted"));
        f.getKey().set(ctx, f.getValue(), Resources.builder().freezer(state).build());
        resources = resources.toBuilder().freezer(state).build();
    }

    @Override
    public synchronized FreezerState freezerState() throws CgroupException {
        Optional<Map.Entry<Subsystem, String>> f = find(Controller.FREEZER);
        if (f.isEmpty()) {
            return FreezerState.UNDEFINED;
        }
        return FreezerGroup.state(ctx, f.get().getValue());
    }

    @Override
    public synchronized void destroy() throws CgroupException {
        removeAll(new ArrayList<>(new LinkedHashSet<>(paths.values())));
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
        if (mounts.containsValue(dir)) {
            throw new CgroupException(Operation.RMDIR, dir, null, "refusing to remove a hierarchy root");
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

    private String pidsPath() {
        return find(Controller.DEVICES).or(() -> paths.entrySet().stream().findFirst())
                .map(Map.Entry::getValue).orElse(null);
    }

    @Override
    public synchronized List<Long> pids() throws CgroupException {
        String p = pidsPath();
        return p == null ? List.of() : readPids(p);
    }

    private List<Long> readPids(String dir) throws CgroupException {
        List<Long> out = new ArrayList<>();
        for (String line : fs.read(dir, "cgroup.procs").split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(Long.parseLong(line.strip()));
                } catch (NumberFormatException e) {
                    throw new io.github.cgroups4j.CgroupParseException("cgroup.procs", line, "a pid a line");
                }
            }
        }
        return out;
    }

    @Override
    public synchronized List<Long> allPids() throws CgroupException {
        String p = pidsPath();
        List<Long> out = new ArrayList<>();
        if (p != null) {
            walk(p, out);
        }
        return out;
    }

    private void walk(String dir, List<Long> out) throws CgroupException {
        out.addAll(readPids(dir));
        for (String c : fs.list(dir)) {
            walk(dir + "/" + c, out);
        }
    }

    @Override
    public String path(Controller controller) {
        return find(controller).map(Map.Entry::getValue).orElse(null);
    }

    @Override
    public Map<String, String> paths() {
        Map<String, String> out = new LinkedHashMap<>();
        paths.forEach((s, p) -> out.put(s.name(), p));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public synchronized boolean exists() {
        String p = pidsPath();
        return p != null && fs.exists(p);
    }

    @Override
    public synchronized long oomKillCount() throws CgroupException {
        String mem = path(Controller.MEMORY);
        if (mem == null) {
            return 0;
        }
        try {
            return ctx.readKeyValue(mem, "memory.oom_control").getOrDefault("oom_kill", 0L);
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
        V1Context.KmemState k = ctx.kmem;
        return k.decision == null ? Optional.empty()
                : Optional.of(new KmemReport(k.decision, k.accountingEnabled, k.limitWritten, k.ignoredByKernel));
    }
}
