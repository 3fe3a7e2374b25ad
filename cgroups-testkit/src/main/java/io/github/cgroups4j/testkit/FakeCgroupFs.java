package io.github.cgroups4j.testkit;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupException.Operation;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * An in-memory cgroup file system with the kernel's semantics, for testing resource policies and cgroup managers
 * without root. It implements the same {@link CgroupFs} seam as the real one, and {@link #procFs()} gives a
 * consistent {@link ProcFs} view ({@code /proc/self/mountinfo}, {@code /proc/<pid>/cgroup}, {@code /proc/cgroups},
 * the kernel release), so discovery code runs on it unchanged.
 *
 * <p>Modelled: interface files created by {@code mkdir} with the kernel's defaults; writes parsed and validated like
 * the kernel (EINVAL for bad values, {@code max}, {@code -1}, page rounding of memory limits); writing a file that
 * does not exist is ENOENT; {@code cgroup.procs}/{@code tasks} move fake processes (a process is in exactly one
 * cgroup per hierarchy); {@code rmdir} is EBUSY with tasks or children; an empty cpuset refuses tasks with ENOSPC;
 * {@code memory.limit_in_bytes} above {@code memory.memsw.limit_in_bytes} is EINVAL; the v1 devices cgroup's
 * allow/deny rules; the freezer; cgroup v2 controller propagation, the no-internal-process rule,
 * {@code cgroup.freeze}/{@code cgroup.events}, {@code cgroup.kill}, {@code memory.events}. The
 * {@linkplain KernelProfile kernel profile} decides kmem: on {@link KernelProfile#centos7()} kmem accounting
 * leaks memory cgroup IDs exactly as in the incident.
 *
 * <p>Every operation is recorded ({@link #operations()}); {@link #inject(Fault)} makes chosen ones fail. Thread-safe
 * (one lock).
 */
public final class FakeCgroupFs implements CgroupFs {
    /** Which cgroup mounts the fake machine has. */
    public enum Layout {
        /**
         * This project's build machines: hybrid, every v1 controller on its own hierarchy (cpu and cpuacct
         * separate), {@code name=systemd}, a cgroup2 mount at {@code unified} without controllers.
         */
        HYBRID,
        /** A classic systemd host: {@code cpu,cpuacct} and {@code net_cls,net_prio} co-mounted, plus cgroup2. */
        CLASSIC_HYBRID,
        /** CentOS 7: {@code cpu,cpuacct} and {@code net_cls,net_prio} co-mounted, no cgroup2. */
        LEGACY,
        /** Pure cgroup v2 at the cgroup root, every controller available. */
        UNIFIED
    }

    static final List<String> V2_CONTROLLERS = List.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids",
            "rdma", "misc");
    private static final List<String> KNOWN_SUBSYSTEMS = List.of("cpuset", "cpu", "cpuacct", "blkio", "memory",
            "devices", "freezer", "net_cls", "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc");

    private final KernelProfile profile;
    private final Layout layout;
    /** When set, only the v1 hierarchies holding one of these controllers are mounted. */
    private final Set<String> only;
    private final String cgroupRoot;
    /** The mount's root: "/" on a host, the container's cgroup in a container without a cgroup namespace. */
    private final String mountRoot;
    private final List<Hierarchy> hierarchies = new ArrayList<>();
    private final List<Hierarchy> byMountLength;
    private final Map<Long, Map<Hierarchy, Node>> processes = new LinkedHashMap<>();
    private final List<FakeOp> ops = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final V1Files v1;
    private final V2Files v2;
    private final long selfPid;
    private final FakeEvents events = new FakeEvents();
    private long nextPid = 1000;
    private boolean recording = true;
    private boolean userNamespace;
    /** The fake's {@code /proc/cmdline}, or null when not known. */
    private String commandLine;

    private FakeCgroupFs(KernelProfile profile, Layout layout, String cgroupRoot, String selfCgroup,
            Set<String> only, String mountRoot) {
        this.mountRoot = mountRoot;
        this.only = only;
        this.profile = profile;
        this.layout = layout;
        this.cgroupRoot = cgroupRoot;
        this.v1 = new V1Files(this, profile);
        this.v2 = new V2Files(this, profile);
        int id = 1;
        switch (layout) {
            case HYBRID -> {
                for (String c : List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids")) {
                    mountV1(id++, c, List.of(c));
                }
                mountV1(id, "systemd", List.of("name=systemd"));
                mountV2(cgroupRoot + "/unified", List.of());
            }
            case CLASSIC_HYBRID, LEGACY -> {
                mountV1(id++, "cpu,cpuacct", List.of("cpu", "cpuacct"));
                mountV1(id++, "net_cls,net_prio", List.of("net_cls", "net_prio"));
                for (String c : List.of("cpuset", "memory", "devices", "freezer", "blkio", "pids", "hugetlb",
                        "perf_event")) {
                    mountV1(id++, c, List.of(c));
                }
                mountV1(id, "systemd", List.of("name=systemd"));
                if (layout == Layout.CLASSIC_HYBRID) {
                    mountV2(cgroupRoot + "/unified", List.of());
                }
            }
            case UNIFIED -> mountV2(cgroupRoot, V2_CONTROLLERS);
            default -> throw new IllegalStateException();
        }
        List<Hierarchy> sorted = new ArrayList<>(hierarchies);
        sorted.sort(Comparator.comparingInt((Hierarchy h) -> h.mountPoint.length()).reversed());
        this.byMountLength = List.copyOf(sorted);
        this.selfPid = newPid();
        for (Hierarchy h : hierarchies) {
            h.view = walkOrCreate(h.root, mountRoot);
        }
        Map<Hierarchy, Node> where = new HashMap<>();
        for (Hierarchy h : hierarchies) {
            Node n = h.root;
            if (!selfCgroup.equals("/")) {
                for (String part : selfCgroup.substring(1).split("/")) {
                    Node c = n.children.get(part);
                    n = c != null ? c : createChild(n, part);
                }
            }
            where.put(h, n);
            n.procs.add(selfPid);
        }
        processes.put(selfPid, where);
    }

    private Node walkOrCreate(Node from, String path) {
        Node n = from;
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                Node c = n.children.get(part);
                if (c == null) {
                    c = createChild(n, part);
                    for (String f : List.of("cpuset.cpus", "cpuset.mems")) {
                        if ("".equals(c.values.get(f))) {
                            c.values.put(f, n.values.get(f)); // the runtime that made the container filled them
                        }
                    }
                }
                n = c;
            }
        }
        return n;
    }

    private void mountV1(int id, String dir, List<String> controllers) {
        if (only != null && controllers.stream().noneMatch(only::contains)) {
            return;
        }
        Hierarchy h = new Hierarchy(id, cgroupRoot + "/" + dir, controllers, false);
        h.root = new Node(h, null, "");
        hierarchies.add(h);
        v1.populate(h.root);
        if (h.isV1Memory()) {
            h.memoryIdsInUse = 1;
        }
    }

    private void mountV2(String mountPoint, List<String> controllers) {
        Hierarchy h = new Hierarchy(0, mountPoint, controllers, true);
        h.root = new Node(h, null, "");
        hierarchies.add(h);
        v2.populate(h.root);
    }

    /** @return a builder (default: {@link KernelProfile#modernV1()} on {@link Layout#HYBRID}) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a CentOS 7 machine (3.10 el7, leaking kmem, no cgroup2) */
    public static FakeCgroupFs centos7() {
        return builder().profile(KernelProfile.centos7()).layout(Layout.LEGACY).build();
    }

    /** @return a modern hybrid machine like the project's build machines */
    public static FakeCgroupFs modernHybrid() {
        return builder().build();
    }

    /** @return a pure cgroup v2 machine */
    public static FakeCgroupFs unified() {
        return builder().profile(KernelProfile.v2()).layout(Layout.UNIFIED).build();
    }

    /** Configures a fake machine. */
    public static final class Builder {
        private KernelProfile profile = KernelProfile.modernV1();
        private Layout layout = Layout.HYBRID;
        private String cgroupRoot = "/sys/fs/cgroup";
        private String selfCgroup = "/";
        private Set<String> only;
        private boolean userNamespace;
        private String mountRoot = "/";
        private String commandLine;

        private Builder() {
        }

        /**
         * @param cmdline what the fake's {@code /proc/cmdline} says, e.g. {@code "ro quiet cgroup.memory=nokmem"}
         *     (default: not known, as a {@link ProcFs} that cannot tell)
         * @return this
         */
        public Builder kernelCommandLine(String cmdline) {
            commandLine = Objects.requireNonNull(cmdline);
            return this;
        }

        /**
         * Makes the fake a container without a cgroup namespace: every hierarchy shows, at its mount point, only the
         * cgroup {@code root} of the host (mountinfo's root field), while {@code /proc/<pid>/cgroup} keeps the host's
         * full paths. The calling process starts in {@code root} unless {@link #selfCgroup} says otherwise.
         *
         * @param root an absolute cgroup path, e.g. {@code /docker/4d8b}
         * @return this
         */
        public Builder mountRoot(String root) {
            if (!root.startsWith("/")) {
                throw new IllegalArgumentException("mountRoot: \"" + root + "\" is not absolute");
            }
            mountRoot = root;
            return this;
        }

        /**
         * @param inside whether the calling process runs in a user namespace ({@code /proc/self/uid_map} then maps
         *     uid 0 to 100000, as a rootless container's)
         * @return this
         */
        public Builder userNamespace(boolean inside) {
            userNamespace = inside;
            return this;
        }

        /**
         * Mounts only the v1 hierarchies holding one of these controllers (e.g. {@code memory} alone, for fast
         * churn tests); the cgroup2 mount of the layout stays.
         *
         * @param controllers v1 subsystem names, e.g. {@code memory}, {@code name=systemd}
         * @return this
         */
        public Builder mountOnly(String... controllers) {
            only = Set.of(controllers);
            return this;
        }

        /** @param p the kernel to behave like @return this */
        public Builder profile(KernelProfile p) {
            profile = Objects.requireNonNull(p);
            return this;
        }

        /** @param l the mounts @return this */
        public Builder layout(Layout l) {
            layout = Objects.requireNonNull(l);
            return this;
        }

        /** @param root where cgroups are mounted (default {@code /sys/fs/cgroup}) @return this */
        public Builder cgroupRoot(String root) {
            cgroupRoot = Objects.requireNonNull(root);
            return this;
        }

        /**
         * @param path the cgroup the calling process ({@link ProcFs#SELF}) sits in, in every hierarchy (default
         *     {@code /}); created
         * @return this
         */
        public Builder selfCgroup(String path) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("selfCgroup: \"" + path + "\" is not absolute");
            }
            selfCgroup = path;
            return this;
        }

        /** @return the fake machine */
        public FakeCgroupFs build() {
            if (layout == Layout.UNIFIED && profile.kmem() != KernelProfile.KmemBehaviour.ABSENT) {
                profile = new KernelProfile(profile.name(), profile.release(), KernelProfile.KmemBehaviour.ABSENT,
                        profile.memoryIdCap(), profile.cfqBlkio(), profile.cpus(), profile.memoryUseHierarchy(),
                        profile.pageSize(), profile.hugePageSizes());
            }
            String self = selfCgroup.equals("/") ? mountRoot : selfCgroup;
            FakeCgroupFs fs = new FakeCgroupFs(profile, layout, cgroupRoot, self, only, mountRoot);
            fs.userNamespace = userNamespace;
            fs.commandLine = commandLine;
            return fs;
        }
    }

    // ------------------------------------------------------------------ the CgroupFs seam

    private record Where(Hierarchy hierarchy, Node node, String missing) {
    }

    /** Finds the node of an absolute directory; {@code missing} is the first absent component, if any. */
    private Where locate(String dir) {
        if (dir == null || !dir.startsWith("/")) {
            return null;
        }
        String d = dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        for (Hierarchy h : byMountLength) {
            String mp = h.mountPoint;
            if (d.equals(mp) || d.startsWith(mp + "/")) {
                Node n = h.view;
                String rest = d.substring(mp.length());
                for (String part : rest.split("/")) {
                    if (part.isEmpty()) {
                        continue;
                    }
                    Node c = n.children.get(part);
                    if (c == null) {
                        return new Where(h, n, part);
                    }
                    n = c;
                }
                return new Where(h, n, null);
            }
        }
        return null;
    }

    private CgroupException error(Operation op, String dir, String file, String value, int errno) {
        Where w = locate(dir);
        String shown = file == null ? dir
                : w == null ? dir : dir.substring(w.hierarchy.mountPoint.length()).isEmpty() ? "/"
                        : dir.substring(w.hierarchy.mountPoint.length());
        return new CgroupException(op, shown, file, value, errno, null, null);
    }

    private void record(FakeOp.Kind kind, String dir, String file, String value, int errno) {
        if (recording) {
            ops.add(new FakeOp(kind, dir, file, value, errno));
        }
    }

    private int fault(FakeOp.Kind kind, String path) {
        for (Fault f : faults) {
            int e = f.check(kind, path);
            if (e != 0) {
                return e;
            }
        }
        return 0;
    }

    private static Operation op(FakeOp.Kind kind) {
        return switch (kind) {
            case READ -> Operation.READ;
            case WRITE -> Operation.WRITE;
            case MKDIR -> Operation.MKDIR;
            case RMDIR -> Operation.RMDIR;
            case LIST -> Operation.LIST;
        };
    }

    /** Records the outcome and, on failure, throws the CgroupException. */
    private void fail(FakeOp.Kind kind, String dir, String file, String value, int errno) throws CgroupException {
        record(kind, dir, file, value, errno);
        throw error(op(kind), dir, file, value, errno);
    }

    private static boolean badName(String file) {
        return file == null || file.isEmpty() || file.contains("/") || file.equals(".") || file.equals("..");
    }

    @Override
    public synchronized String read(String dir, String file) throws CgroupException {
        int injected = fault(FakeOp.Kind.READ, dir + "/" + file);
        if (injected != 0) {
            fail(FakeOp.Kind.READ, dir, file, null, injected);
        }
        Where w = locate(dir);
        if (w == null || w.missing != null || badName(file) || !w.node.files.containsKey(file)) {
            fail(FakeOp.Kind.READ, dir, file, null, Errno.ENOENT.number());
        }
        try {
            String s = w.node.files.get(file).read(w.node);
            record(FakeOp.Kind.READ, dir, file, null, 0);
            return s;
        } catch (KernelError e) {
            fail(FakeOp.Kind.READ, dir, file, null, e.errno);
            throw new AssertionError();
        }
    }

    @Override
    public synchronized void write(String dir, String file, String value) throws CgroupException {
        int injected = fault(FakeOp.Kind.WRITE, dir + "/" + file);
        if (injected != 0) {
            fail(FakeOp.Kind.WRITE, dir, file, value, injected);
        }
        Where w = locate(dir);
        if (w == null || w.missing != null || badName(file) || !w.node.files.containsKey(file)) {
            fail(FakeOp.Kind.WRITE, dir, file, value, Errno.ENOENT.number());
        }
        try {
            w.node.files.get(file).write(w.node, value);
            record(FakeOp.Kind.WRITE, dir, file, value, 0);
        } catch (KernelError e) {
            fail(FakeOp.Kind.WRITE, dir, file, value, e.errno);
        }
    }

    @Override
    public synchronized boolean mkdir(String dir) throws CgroupException {
        int injected = fault(FakeOp.Kind.MKDIR, dir);
        if (injected != 0) {
            fail(FakeOp.Kind.MKDIR, dir, null, null, injected);
        }
        Where w = locate(dir);
        if (w == null) {
            fail(FakeOp.Kind.MKDIR, dir, null, null, Errno.EACCES.number()); // not a cgroup mount: not ours to create
        }
        if (w.missing == null) {
            record(FakeOp.Kind.MKDIR, dir, null, null, Errno.EEXIST.number());
            return false;
        }
        String rest = dir.substring(w.node.dir().length()).replaceAll("^/+|/+$", "");
        if (rest.contains("/")) {
            fail(FakeOp.Kind.MKDIR, dir, null, null, Errno.ENOENT.number());
        }
        if (w.node.files.containsKey(rest)) {
            fail(FakeOp.Kind.MKDIR, dir, null, null, Errno.EEXIST.number());
        }
        try {
            createChild(w.node, rest);
        } catch (KernelError e) {
            fail(FakeOp.Kind.MKDIR, dir, null, null, e.errno);
        }
        record(FakeOp.Kind.MKDIR, dir, null, null, 0);
        return true;
    }

    private Node createChild(Node parent, String name) {
        Hierarchy h = parent.hierarchy;
        if (h.v2) {
            for (Node a = parent; a != null; a = a.parent) {
                String maxD = a.values.get("cgroup.max.descendants");
                if (!"max".equals(maxD) && a.subtreeCount() - 1 >= Long.parseLong(maxD)) {
                    throw new KernelError(Errno.EAGAIN);
                }
                String maxDepth = a.values.get("cgroup.max.depth");
                if (!"max".equals(maxDepth) && parent.depth() + 1 - a.depth() > Long.parseLong(maxDepth)) {
                    throw new KernelError(Errno.EAGAIN);
                }
            }
        }
        if (h.isV1Memory() && h.memoryIdsInUse >= profile.memoryIdCap()) {
            throw new KernelError(Errno.ENOSPC);
        }
        Node n = new Node(h, parent, name);
        if (h.v2) {
            v2.populate(n);
        } else {
            v1.populate(n);
        }
        if (h.isV1Memory()) {
            h.memoryIdsInUse++;
            n.memcgId = h.memoryIdsInUse;
            // 3.10's memcg_propagate_kmem: a child of an accounted parent is accounted from birth (use_hierarchy)
            if (profile.kmem() == KernelProfile.KmemBehaviour.LEAKY && parent.kmemActive
                    && "1".equals(parent.values.get("memory.use_hierarchy"))) {
                n.kmemActive = true;
            }
        }
        parent.children.put(name, n);
        return n;
    }

    @Override
    public synchronized void rmdir(String dir) throws CgroupException {
        int injected = fault(FakeOp.Kind.RMDIR, dir);
        if (injected != 0) {
            fail(FakeOp.Kind.RMDIR, dir, null, null, injected);
        }
        Where w = locate(dir);
        if (w == null || w.missing != null) {
            fail(FakeOp.Kind.RMDIR, dir, null, null, Errno.ENOENT.number());
        }
        Node n = w.node;
        if (n.isRoot() || n == n.hierarchy.view || !n.procs.isEmpty() || !n.children.isEmpty()) {
            fail(FakeOp.Kind.RMDIR, dir, null, null, Errno.EBUSY.number());
        }
        n.parent.children.remove(n.name);
        events.removed(dir);
        Hierarchy h = n.hierarchy;
        if (h.isV1Memory() && !(profile.kmem() == KernelProfile.KmemBehaviour.LEAKY && n.kmemActive)) {
            h.memoryIdsInUse--; // an accounted memcg on 3.10 el7 never gives its ID back
        }
        record(FakeOp.Kind.RMDIR, dir, null, null, 0);
    }

    @Override
    public synchronized List<String> list(String dir) throws CgroupException {
        int injected = fault(FakeOp.Kind.LIST, dir);
        if (injected != 0) {
            fail(FakeOp.Kind.LIST, dir, null, null, injected);
        }
        Where w = locate(dir);
        if (w == null || w.missing != null) {
            fail(FakeOp.Kind.LIST, dir, null, null, Errno.ENOENT.number());
        }
        record(FakeOp.Kind.LIST, dir, null, null, 0);
        return List.copyOf(w.node.children.keySet());
    }

    @Override
    public synchronized boolean exists(String dir) {
        Where w = locate(dir);
        return w != null && w.missing == null;
    }

    @Override
    public synchronized boolean exists(String dir, String file) {
        Where w = locate(dir);
        return w != null && w.missing == null && !badName(file) && w.node.files.containsKey(file);
    }

    /** {@inheritDoc} The program is checked as the verifier would and then runs for {@link #deviceAllowed}. */
    @Override
    public synchronized void setDeviceProgram(String dir, byte[] program) throws CgroupException {
        int injected = fault(FakeOp.Kind.WRITE, dir + "/" + DEVICE_PROGRAM);
        if (injected != 0) {
            fail(FakeOp.Kind.WRITE, dir, DEVICE_PROGRAM, null, injected);
        }
        Where w = locate(dir);
        if (w == null || w.missing != null) {
            fail(FakeOp.Kind.WRITE, dir, DEVICE_PROGRAM, null, Errno.ENOENT.number());
        }
        if (!w.hierarchy.v2) {
            fail(FakeOp.Kind.WRITE, dir, DEVICE_PROGRAM, null, Errno.EBADF.number()); // not a cgroup2 directory
        }
        BpfDeviceProgram p;
        try {
            p = new BpfDeviceProgram(program);
            p.allows(2, 2, 1, 3); // the verifier walks it: a bad program fails here
        } catch (RuntimeException e) {
            fail(FakeOp.Kind.WRITE, dir, DEVICE_PROGRAM, null, Errno.EINVAL.number());
            throw new AssertionError();
        }
        w.node.deviceProgram = p;
        record(FakeOp.Kind.WRITE, dir, DEVICE_PROGRAM, program.length / 8 + " instructions", 0);
    }

    /** The file name the fake's operation log shows for an attached device program. */
    public static final String DEVICE_PROGRAM = "(bpf device program)";

    /**
     * What the kernel would answer a process in {@code dir} opening a device: every device program of the cgroup
     * and its ancestors must allow it (cgroup v2).
     *
     * @param dir a cgroup v2 directory
     * @param type {@code c} or {@code b}
     * @param major the major number
     * @param minor the minor number
     * @param access some of {@code rwm}
     * @return whether the access is allowed
     */
    public synchronized boolean deviceAllowed(String dir, char type, long major, long minor, String access) {
        Where w = locate(dir);
        if (w == null || w.missing != null) {
            throw new IllegalArgumentException("no cgroup " + dir);
        }
        int t = type == 'c' ? 2 : 1;
        int a = (access.indexOf('m') >= 0 ? 1 : 0) | (access.indexOf('r') >= 0 ? 2 : 0)
                | (access.indexOf('w') >= 0 ? 4 : 0);
        for (Node n = w.node; n != null; n = n.parent) {
            if (n.deviceProgram != null && !n.deviceProgram.allows(t, a, major, minor)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ kernel behaviour used by the file tables

    String readProcs(Node n) {
        StringBuilder sb = new StringBuilder();
        for (long pid : new TreeSet<>(n.procs)) {
            sb.append(pid).append('\n');
        }
        return sb.toString();
    }

    /** Moves a process into {@code n} (cgroup.procs / tasks). */
    void attach(Node n, String value) {
        long pid;
        try {
            pid = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw FileKit.einval();
        }
        if (pid < 0) {
            throw FileKit.einval();
        }
        if (pid == 0) {
            pid = selfPid; // "0" means the writing process
        }
        Map<Hierarchy, Node> where = processes.get(pid);
        if (where == null || pid < 0) {
            throw new KernelError(Errno.ESRCH);
        }
        Hierarchy h = n.hierarchy;
        if (!h.v2 && h.has("cpuset") && (n.values.get("cpuset.cpus").isEmpty() || n.values.get("cpuset.mems").isEmpty())) {
            throw new KernelError(Errno.ENOSPC);
        }
        if (h.v2 && !n.isRoot() && !n.subtreeControl.isEmpty()) {
            throw new KernelError(Errno.EBUSY); // no internal processes
        }
        Node old = where.get(h);
        old.procs.remove(pid);
        n.procs.add(pid);
        where.put(h, n);
        if (h.v2) {
            endEmptiedWatches(); // a move out can leave a watched subtree empty, as an exit can
        }
    }

    long subtreeProcCount(Node n) {
        List<Long> all = new ArrayList<>();
        n.collectProcs(all);
        return all.size();
    }

    void killSubtree(Node n) {
        List<Long> pids = new ArrayList<>();
        n.collectProcs(pids);
        for (long pid : pids) {
            removeProcess(pid);
        }
    }

    /** Processes sent a fatal signal while frozen: they die when no longer frozen. */
    private final Set<Long> killedWhileFrozen = new TreeSet<>();

    /** @return whether the process is frozen in any hierarchy (v1 freezer or v2 cgroup.freeze) */
    private boolean isFrozen(long pid) {
        Map<Hierarchy, Node> where = processes.get(pid);
        if (where == null) {
            return false;
        }
        for (Map.Entry<Hierarchy, Node> e : where.entrySet()) {
            if ((e.getKey().v2 || e.getKey().has("freezer")) && e.getValue().frozen()) {
                return true;
            }
        }
        return false;
    }

    /** Ends the processes killed while frozen that are no longer frozen. */
    void reapKilled() {
        for (java.util.Iterator<Long> it = killedWhileFrozen.iterator(); it.hasNext();) {
            long pid = it.next();
            if (!isFrozen(pid)) {
                it.remove();
                removeProcess(pid);
            }
        }
    }

    /**
     * {@code kill(2)} on a fake process: signal 0 checks that it lives; SIGHUP, SIGINT, SIGKILL and SIGTERM end it
     * (a frozen process only when it is thawed, as the kernel delivers signals to frozen tasks then); other
     * signals are delivered and ignored.
     */
    synchronized void signal(long pid, int signal) throws CgroupException {
        if (!processes.containsKey(pid)) {
            throw new CgroupException(Operation.KILL, null, null, "signal " + signal + " to " + pid,
                    Errno.ESRCH.number(), null, null);
        }
        if (signal < 0 || signal > 64) {
            throw new CgroupException(Operation.KILL, null, null, "signal " + signal + " to " + pid,
                    Errno.EINVAL.number(), null, null);
        }
        if (signal != 1 && signal != 2 && signal != 9 && signal != 15) {
            return;
        }
        if (pid == selfPid) {
            throw new IllegalStateException("the fake's calling process (" + pid + ") was sent signal " + signal);
        }
        if (isFrozen(pid)) {
            killedWhileFrozen.add(pid);
        } else {
            removeProcess(pid);
        }
    }

    private void removeProcess(long pid) {
        killedWhileFrozen.remove(pid);
        Map<Hierarchy, Node> where = processes.remove(pid);
        if (where != null) {
            for (Node n : where.values()) {
                n.procs.remove(pid);
            }
        }
        endEmptiedWatches();
    }

    /** v2: every watched cgroup whose subtree has no task left gets {@code populated 0}: its watches end. */
    private void endEmptiedWatches() {
        for (String d : events.v2Dirs()) {
            Where w = locate(d);
            if (w != null && w.missing == null && !w.node.populated()) {
                events.emptied(d);
            }
        }
    }

    /** memory.kmem.limit_in_bytes, per the profile. */
    void writeKmemLimit(Node n, String v) {
        long bytes = FileKit.memparse(v, profile.pageSize());
        switch (profile.kmem()) {
            case IGNORED -> {
                // kernel 6.x: accepted, ignored
            }
            case LEAKY, ENFORCED -> {
                if (n.isRoot()) {
                    throw FileKit.einval();
                }
                // 3.10 memcg_update_kmem_limit: the first limited write activates accounting, and only while empty
                if (!n.kmemActive && bytes != profile.unlimitedBytes()) {
                    boolean children = "1".equals(n.values.get("memory.use_hierarchy")) && !n.children.isEmpty();
                    if (!n.procs.isEmpty() || children) {
                        throw new KernelError(Errno.EBUSY);
                    }
                    n.kmemActive = true;
                }
                n.values.put("memory.kmem.limit_in_bytes", Long.toString(bytes));
            }
            default -> throw new KernelError(Errno.ENOENT);
        }
    }

    /** devices.allow / devices.deny with the kernel's v1 rules. */
    void deviceRule(Node n, String v, boolean allow) {
        if (v.equals("a") || v.startsWith("a ")) { // the kernel reads only the type of an "a" rule
            if (!n.children.isEmpty()) {
                throw FileKit.einval();
            }
            if (allow && n.parent != null && !n.parent.devicesAllowAll) {
                throw new KernelError(Errno.EPERM);
            }
            n.devicesAllowAll = allow;
            n.deviceExceptions.clear();
            return;
        }
        Node.DeviceException e = parseDeviceRule(v);
        boolean addsException = allow != n.devicesAllowAll; // allow in a deny-all cgroup, deny in an allow-all one
        if (addsException) {
            if (allow && n.parent != null && !parentPermits(n.parent, e)) {
                throw new KernelError(Errno.EPERM);
            }
            for (Node.DeviceException x : n.deviceExceptions) {
                if (x.sameDevice(e)) {
                    StringBuilder merged = new StringBuilder(x.access);
                    for (char c : e.access.toCharArray()) {
                        if (merged.indexOf(String.valueOf(c)) < 0) {
                            merged.append(c);
                        }
                    }
                    x.access = canonicalAccess(merged.toString());
                    return;
                }
            }
            n.deviceExceptions.add(e);
        } else {
            // remove the access from a matching exception (dev_exception_rm)
            n.deviceExceptions.removeIf(x -> {
                if (!x.sameDevice(e)) {
                    return false;
                }
                StringBuilder left = new StringBuilder();
                for (char c : x.access.toCharArray()) {
                    if (e.access.indexOf(c) < 0) {
                        left.append(c);
                    }
                }
                x.access = left.toString();
                return left.length() == 0;
            });
        }
    }

    private static boolean parentPermits(Node parent, Node.DeviceException e) {
        if (parent.devicesAllowAll) {
            for (Node.DeviceException x : parent.deviceExceptions) {
                if (x.sameDevice(e) || x.covers(e)) {
                    return false; // the parent denies it
                }
            }
            return true;
        }
        for (Node.DeviceException x : parent.deviceExceptions) {
            if (x.covers(e)) {
                return true;
            }
        }
        return false;
    }

    private static String canonicalAccess(String a) {
        StringBuilder sb = new StringBuilder();
        for (char c : "rwm".toCharArray()) {
            if (a.indexOf(c) >= 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Node.DeviceException parseDeviceRule(String v) {
        String[] p = v.split("\\s+");
        if (p.length != 3 || p[0].length() != 1 || "abc".indexOf(p[0].charAt(0)) < 0) {
            throw FileKit.einval();
        }
        int colon = p[1].indexOf(':');
        if (colon <= 0 || !p[2].matches("[rwm]{1,3}")) {
            throw FileKit.einval();
        }
        return new Node.DeviceException(p[0].charAt(0), num(p[1].substring(0, colon)), num(p[1].substring(colon + 1)),
                canonicalAccess(p[2]));
    }

    private static long num(String s) {
        return s.equals("*") ? -1 : FileKit.integer(s, 0, 0xFFF_FFFFL);
    }

    // ------------------------------------------------------------------ the test's handles on the fake machine

    /** @return the kernel profile */
    public KernelProfile profile() {
        return profile;
    }

    /** @return the mount layout */
    public Layout layout() {
        return layout;
    }

    /** @return the pid of the calling process ({@link ProcFs#SELF}) */
    public long selfPid() {
        return selfPid;
    }

    private long newPid() {
        return nextPid++;
    }

    /**
     * Starts a process as a child of the calling process: it begins in the caller's cgroups.
     *
     * @return its pid
     */
    public synchronized long spawn() {
        return fork(selfPid).orElseThrow(() -> new IllegalStateException("the caller's pids limit refused a spawn"));
    }

    /**
     * Forks {@code parent}: the child begins in its cgroups, unless a {@code pids.max} on the way up is reached.
     *
     * @param parent a live pid
     * @return the child's pid, or empty when a pids limit refused the fork (EAGAIN); {@code pids.events} counts it
     */
    public synchronized OptionalLong fork(long parent) {
        Map<Hierarchy, Node> where = processes.get(parent);
        if (where == null) {
            throw new IllegalArgumentException("no process " + parent);
        }
        for (Map.Entry<Hierarchy, Node> e : where.entrySet()) {
            for (Node n = e.getValue(); n != null; n = n.parent) {
                String max = n.values.get("pids.max");
                if (max != null && !max.equals("max") && subtreeProcCount(n) + 1 > Long.parseLong(max)) {
                    n.values.merge("#pids.events.max", "1", (a, b) -> Long.toString(Long.parseLong(a) + 1));
                    return OptionalLong.empty();
                }
            }
        }
        long pid = newPid();
        Map<Hierarchy, Node> child = new HashMap<>(where);
        for (Node n : child.values()) {
            n.procs.add(pid);
        }
        processes.put(pid, child);
        return OptionalLong.of(pid);
    }

    /**
     * A process exits and leaves every cgroup.
     *
     * @param pid the pid
     */
    public synchronized void exit(long pid) {
        if (pid == selfPid) {
            throw new IllegalArgumentException("the calling process cannot exit");
        }
        removeProcess(pid);
    }

    /** @return the live pids */
    public synchronized Set<Long> processes() {
        return Collections.unmodifiableSet(new TreeSet<>(processes.keySet()));
    }

    /**
     * @param pid a live pid
     * @param controller a v1 subsystem name, or {@code ""} for cgroup2
     * @return the absolute directory of its cgroup in that hierarchy
     */
    public synchronized String cgroupOf(long pid, String controller) {
        Map<Hierarchy, Node> where = processes.get(pid);
        if (where == null) {
            throw new IllegalArgumentException("no process " + pid);
        }
        for (Map.Entry<Hierarchy, Node> e : where.entrySet()) {
            if (controller.isEmpty() ? e.getKey().v2 : e.getKey().has(controller)) {
                return e.getValue().dir();
            }
        }
        throw new IllegalArgumentException("no hierarchy for \"" + controller + "\"");
    }

    /**
     * The OOM killer, for {@code dir}'s limit, kills a process and counts it: on v1 the oldest process of
     * {@code dir} ({@code memory.oom_control}'s {@code oom_kill} on kernels that have it); on v2 as
     * {@link #oomKill(String, long)} with the first process of {@code dir}'s subtree as the victim.
     *
     * @param dir a memory cgroup with at least one process (v1: of its own; v2: in its subtree)
     * @return the pid killed first
     */
    public synchronized long oomKill(String dir) {
        Where w = locate(dir);
        if (w == null || w.missing != null) {
            throw new IllegalArgumentException("no cgroup " + dir);
        }
        if (w.hierarchy.v2) {
            requireMemory(dir, w.node);
            List<Long> tasks = new ArrayList<>();
            w.node.collectProcs(tasks);
            if (tasks.isEmpty()) {
                throw new IllegalStateException("no process to kill in " + dir);
            }
            return oomKill(dir, tasks.get(0));
        }
        if (!w.hierarchy.has("memory")) {
            throw new IllegalArgumentException(dir + " is not in the memory hierarchy");
        }
        if (w.node.procs.isEmpty()) {
            throw new IllegalStateException("no process to kill in " + dir);
        }
        long victim = w.node.procs.iterator().next();
        w.node.oomKills++;
        events.oomKilled(dir, w.node.oomKills);
        removeProcess(victim);
        return victim;
    }

    /**
     * cgroup v2: a charge failed at {@code dir}'s {@code memory.max} and the OOM killer chose {@code victim} (the
     * kernel chooses the largest task of the subtree; the test says which). As the kernel (6.1): {@code max} and
     * {@code oom} are counted at {@code dir}; the OOM group is the highest cgroup with {@code memory.oom.group} 1
     * from the victim's cgroup up to {@code dir} ({@code mem_cgroup_get_oom_group}); the victim is killed, then,
     * with a group, every task of the group's subtree, the victim again among them ({@code oom_kill_memcg_member}
     * does not skip it); {@code oom_kill} is counted in each killed task's memory cgroup, {@code oom_group_kill} in
     * the group's. Each count goes to the cgroup's {@code memory.events.local} and to its and every ancestor's
     * {@code memory.events}; the watchers of every cgroup whose counters went up hear it.
     *
     * @param dir a cgroup v2 directory with the memory controller, whose limit was hit
     * @param victim a process of its subtree
     * @return {@code victim}
     */
    public synchronized long oomKill(String dir, long victim) {
        Where w = locate(dir);
        if (w == null || w.missing != null || !w.hierarchy.v2) {
            throw new IllegalArgumentException("no cgroup v2 " + dir);
        }
        requireMemory(dir, w.node);
        Map<Hierarchy, Node> where = processes.get(victim);
        Node at = where == null ? null : where.get(w.hierarchy);
        if (at == null) {
            throw new IllegalArgumentException("no process " + victim);
        }
        Node group = null;
        for (Node n = at; n != null; n = n.parent) {
            // memory cgroups only (mem_cgroup_get_oom_group walks them), shown or hidden behind io
            if (n.memoryCss && "1".equals(n.values.get("memory.oom.group"))) {
                group = n;
            }
            if (n == w.node) {
                break;
            }
            if (n.parent == null) {
                throw new IllegalArgumentException("process " + victim + " is not in " + dir + "'s subtree");
            }
        }
        List<Long> killed = new ArrayList<>(List.of(victim));
        List<Map.Entry<Node, Integer>> counts = new ArrayList<>(List.of(Map.entry(w.node, V2Memory.MAX),
                Map.entry(w.node, V2Memory.OOM)));
        if (group != null) {
            counts.add(Map.entry(group, V2Memory.OOM_GROUP_KILL));
            group.collectProcs(killed);
        }
        for (long pid : killed) {
            counts.add(Map.entry(memoryCgroupOf(processes.get(pid).get(w.hierarchy)), V2Memory.OOM_KILL));
        }
        memoryEvents(dir, w.node, counts);
        for (long pid : new java.util.LinkedHashSet<>(killed)) { // then the victims go (a watch may end with them)
            removeProcess(pid);
        }
        return victim;
    }

    /** A limit, and so an event, needs the memory controller: without it the cgroup has no memory files. */
    private static void requireMemory(String dir, Node n) {
        if (!n.files.containsKey("memory.events")) {
            throw new IllegalArgumentException(dir + " has no memory controller (no memory.events), so no limit of "
                    + "its own to hit");
        }
    }

    /**
     * The nearest cgroup at or above {@code n} with a memory cgroup of its own, shown or hidden behind io: where the
     * kernel charges its tasks.
     */
    private static Node memoryCgroupOf(Node n) {
        Node m = n;
        while (!m.isRoot() && !m.memoryCss) {
            m = m.parent;
        }
        return m;
    }

    /**
     * v2 memory events counted together ({@link V2Memory#count}), then the watchers of each cgroup whose
     * memory.events went up hear the counters that did; {@code given} is shown as {@code dir}, as it was watched.
     */
    private void memoryEvents(String dir, Node given, List<Map.Entry<Node, Integer>> counts) {
        Set<Node> touched = new java.util.LinkedHashSet<>();
        for (Map.Entry<Node, Integer> c : counts) {
            for (Node a = c.getKey(); a != null && !a.isRoot(); a = a.parent) {
                touched.add(a);
            }
        }
        Map<Node, Map<String, Long>> before = new HashMap<>();
        for (Node n : touched) {
            before.put(n, V2Memory.counters(n.memoryEvents));
        }
        for (Map.Entry<Node, Integer> c : counts) {
            V2Memory.count(c.getKey(), c.getValue());
        }
        for (Node n : touched) {
            events.v2Changed(n == given ? dir : n.dir(), before.get(n), V2Memory.counters(n.memoryEvents));
        }
    }

    /**
     * cgroup v2: the kernel counted a {@code memory.events} event of {@code dir} ({@code low}: reclaimed below
     * memory.low; {@code high}: throttled above memory.high; {@code max}: at memory.max), in it and its ancestors,
     * and their watchers hear it.
     *
     * @param dir a cgroup v2 directory with the memory controller
     * @param key low, high or max
     */
    public synchronized void memoryEvent(String dir, String key) {
        Where w = locate(dir);
        if (w == null || w.missing != null || !w.hierarchy.v2) {
            throw new IllegalArgumentException("no cgroup v2 " + dir);
        }
        requireMemory(dir, w.node);
        int event = switch (key) {
            case "low" -> V2Memory.LOW;
            case "high" -> V2Memory.HIGH;
            case "max" -> V2Memory.MAX;
            default -> throw new IllegalArgumentException("memory.events has no \"" + key + "\" to count");
        };
        memoryEvents(dir, w.node, List.of(Map.entry(w.node, event)));
    }

    /**
     * @return every cgroup directory of every hierarchy, sorted: what a test compares before and after to see that
     *     nothing was left behind
     */
    public synchronized java.util.SortedSet<String> directories() {
        java.util.SortedSet<String> out = new TreeSet<>();
        for (Hierarchy h : hierarchies) {
            collect(h.view != null ? h.view : h.root, out); // what the mount shows
        }
        return out;
    }

    private static void collect(Node n, java.util.SortedSet<String> out) {
        out.add(n.dir());
        for (Node c : n.children.values()) {
            collect(c, out);
        }
    }

    /**
     * @param dir a cgroup
     * @return how many event watches are open on it (0 again after each is closed or the cgroup removed)
     */
    public synchronized int watches(String dir) {
        return events.count(dir);
    }

    /**
     * cgroup v1: vmpressure reports {@code level} for {@code dir}; registered listeners of that level and below hear it.
     *
     * @param dir a v1 memory cgroup
     * @param level low, medium or critical
     */
    public synchronized void memoryPressure(String dir, String level) {
        events.pressure(dir, level);
    }

    /**
     * Tasks of {@code dir} stalled on {@code resource} beyond every PSI trigger's threshold: the triggers fire.
     *
     * @param dir a cgroup v2 directory
     * @param resource memory, cpu or io
     */
    public synchronized void stall(String dir, String resource) {
        events.stall(dir, resource);
    }

    @Override
    public synchronized io.github.cgroups4j.events.EventSubscription watch(String dir, boolean unified,
            io.github.cgroups4j.events.EventRequest request,
            java.util.function.Consumer<io.github.cgroups4j.events.MemoryEvent> listener) throws CgroupException {
        Where w = locate(dir);
        if (w == null || w.missing != null) {
            throw new CgroupException(Operation.OPEN, dir, unified ? "memory.events" : "cgroup.event_control", null,
                    Errno.ENOENT.number(), null, null);
        }
        if (unified != w.hierarchy.v2) {
            throw new CgroupException(Operation.OPEN, dir, null, unified ? "not a cgroup v2 directory"
                    : "not a cgroup v1 directory");
        }
        if (unified && request.psi().isEmpty() && !w.node.files.containsKey("memory.events")) {
            throw new CgroupException(Operation.OPEN, dir, "memory.events", null, Errno.ENOENT.number(),
                    "no memory controller here", null);
        }
        if (!unified && !w.hierarchy.isV1Memory()) {
            throw new CgroupException(Operation.OPEN, dir, "memory.oom_control", null, Errno.ENOENT.number(), null,
                    null);
        }
        return events.add(dir, unified, request, listener);
    }

    /**
     * Sets what a statistics file reads, as the kernel would after work was done (e.g. {@code cpuacct.usage},
     * {@code memory.stat}, {@code memory.usage_in_bytes}, {@code cpu.stat}).
     *
     * @param dir the cgroup
     * @param file a read-only statistics file or usage value of that cgroup
     * @param content what it reads from now on
     */
    public synchronized void setStatistic(String dir, String file, String content) {
        Where w = locate(dir);
        if (w == null || w.missing != null || !w.node.files.containsKey(file)) {
            throw new IllegalArgumentException("no file " + dir + "/" + file);
        }
        String key = file.equals("cpu.stat") && w.hierarchy.v2 ? "#cpu.usage_usec" : file;
        String before = w.node.values.get(key);
        w.node.values.put(key, file.equals("cpu.stat") && w.hierarchy.v2 ? content.strip() : content);
        if (file.equals("memory.usage_in_bytes")) {
            events.usage(dir, before == null ? 0 : Long.parseLong(before.strip()), Long.parseLong(content.strip()));
        }
    }

    /** @param fault a failure to inject; it stays until {@link #clearFaults()} */
    public synchronized void inject(Fault fault) {
        faults.add(Objects.requireNonNull(fault));
    }

    /** Removes every injected fault. */
    public synchronized void clearFaults() {
        faults.clear();
    }

    /** @return every operation so far, in order */
    public synchronized List<FakeOp> operations() {
        return List.copyOf(ops);
    }

    /** Forgets the recorded operations. */
    public synchronized void clearOperations() {
        ops.clear();
    }

    /** @param on whether to record operations (off for very long churn tests) */
    public synchronized void recordOperations(boolean on) {
        recording = on;
    }

    private Hierarchy memoryHierarchy() {
        for (Hierarchy h : hierarchies) {
            if (h.isV1Memory()) {
                return h;
            }
        }
        throw new IllegalStateException("this fake has no cgroup v1 memory hierarchy");
    }

    /** @return memory cgroup IDs held in the v1 memory hierarchy: live cgroups plus leaked ones */
    public synchronized int memoryIdsInUse() {
        return memoryHierarchy().memoryIdsInUse;
    }

    /** @return memory cgroups alive in the v1 memory hierarchy (what {@code /proc/cgroups} shows) */
    public synchronized long liveMemoryCgroups() {
        return memoryHierarchy().root.subtreeCount();
    }

    /**
     * @param dir a v1 memory cgroup
     * @return whether kernel-memory accounting is active on it
     */
    public synchronized boolean kmemActive(String dir) {
        Where w = locate(dir);
        if (w == null || w.missing != null || !w.hierarchy.isV1Memory()) {
            throw new IllegalArgumentException("no v1 memory cgroup " + dir);
        }
        return w.node.kmemActive;
    }

    /** @return a procfs consistent with this fake's mounts, processes and kernel */
    public ProcFs procFs() {
        return new FakeProcFs();
    }

    /** The consistent procfs view. */
    private final class FakeProcFs implements ProcFs {
        @Override
        public String mountInfo() {
            synchronized (FakeCgroupFs.this) {
                StringBuilder sb = new StringBuilder("21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
                sb.append("22 21 0:20 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw\n");
                int id = 30;
                if (layout != Layout.UNIFIED) {
                    sb.append("25 22 0:23 / ").append(cgroupRoot)
                            .append(" rw,nosuid,nodev,noexec shared:3 - tmpfs tmpfs rw,mode=755\n");
                }
                for (Hierarchy h : hierarchies) {
                    int parent = layout == Layout.UNIFIED ? 22 : 25;
                    sb.append(id).append(' ').append(parent).append(" 0:").append(id).append(' ')
                            .append(mountRoot).append(' ').append(h.mountPoint)
                            .append(" rw,nosuid,nodev,noexec,relatime shared:").append(id).append(" - ");
                    if (h.v2) {
                        sb.append("cgroup2 cgroup2 rw,nsdelegate\n");
                    } else {
                        sb.append("cgroup cgroup rw,").append(String.join(",", h.controllers)).append('\n');
                    }
                    id++;
                }
                return sb.toString();
            }
        }

        private Map<Hierarchy, Node> proc(long pid) throws CgroupException {
            Map<Hierarchy, Node> where = processes.get(pid == SELF ? selfPid : pid);
            if (where == null) {
                throw new CgroupException(Operation.READ, null, "/proc/" + pid, null, Errno.ENOENT.number(), null,
                        null);
            }
            return where;
        }

        @Override
        public String cgroup(long pid) throws CgroupException {
            synchronized (FakeCgroupFs.this) {
                Map<Hierarchy, Node> where = proc(pid);
                List<Hierarchy> hs = new ArrayList<>(hierarchies);
                hs.sort(Comparator.comparingInt((Hierarchy h) -> h.id).reversed());
                StringBuilder sb = new StringBuilder();
                for (Hierarchy h : hs) {
                    Node n = where.get(h);
                    sb.append(h.id).append(':').append(h.v2 ? "" : String.join(",", h.controllers)).append(':')
                            .append(n.cgroupPath()).append('\n');
                }
                return sb.toString();
            }
        }

        @Override
        public String status(long pid) throws CgroupException {
            synchronized (FakeCgroupFs.this) {
                long real = pid == SELF ? selfPid : pid;
                Map<Hierarchy, Node> where = proc(pid);
                String cpus = profile.cpus() == 1 ? "0" : "0-" + (profile.cpus() - 1);
                for (Map.Entry<Hierarchy, Node> e : where.entrySet()) {
                    Node n = e.getValue();
                    if (!e.getKey().v2 && e.getKey().has("cpuset") && !n.values.get("cpuset.cpus").isEmpty()) {
                        cpus = n.values.get("cpuset.cpus");
                    }
                }
                return "Name:\tfake\nState:\tS (sleeping)\nPid:\t" + real + "\nCpus_allowed_list:\t" + cpus + "\n";
            }
        }

        @Override
        public String cgroups() {
            synchronized (FakeCgroupFs.this) {
                StringBuilder sb = new StringBuilder("#subsys_name\thierarchy\tnum_cgroups\tenabled\n");
                Hierarchy unified = null;
                for (Hierarchy h : hierarchies) {
                    if (h.v2) {
                        unified = h;
                    }
                }
                for (String s : KNOWN_SUBSYSTEMS) {
                    Hierarchy found = null;
                    for (Hierarchy h : hierarchies) {
                        if (!h.v2 && h.has(s)) {
                            found = h;
                        }
                    }
                    long num = found != null ? found.root.subtreeCount()
                            : unified != null && unified.has(s) ? unified.root.subtreeCount() : 1;
                    if (found == null && (unified == null || !unified.has(s)) && layout != Layout.UNIFIED
                            && !List.of("net_cls", "perf_event", "net_prio", "hugetlb", "rdma", "misc").contains(s)) {
                        continue;
                    }
                    sb.append(s).append('\t').append(found == null ? 0 : found.id).append('\t').append(num)
                            .append('\t').append(1).append('\n');
                }
                return sb.toString();
            }
        }

        @Override
        public String kernelRelease() {
            return profile.release() + "\n";
        }

        @Override
        public java.util.Optional<String> kernelCommandLine() {
            return java.util.Optional.ofNullable(commandLine == null ? null : commandLine + "\n");
        }

        @Override
        public String uidMap() {
            return userNamespace ? "         0     100000      65536\n" : "         0          0 4294967295\n";
        }

        @Override
        public long pageSize() {
            return profile.pageSize();
        }

        @Override
        public List<String> hugePageDirectories() {
            List<String> out = new ArrayList<>();
            for (String size : profile.hugePageSizes()) {
                out.add("hugepages-" + (V1Files.hugePageBytes(size) >> 10) + "kB");
            }
            return out;
        }

        @Override
        public void kill(long pid, int signal) throws CgroupException {
            signal(pid, signal);
        }
    }
}
