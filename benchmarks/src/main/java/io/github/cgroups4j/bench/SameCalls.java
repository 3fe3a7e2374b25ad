package io.github.cgroups4j.bench;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.fs.NativeCgroupFs;
import io.github.cgroups4j.fs.internal.nativeio.ErrnoException;
import io.github.cgroups4j.fs.internal.nativeio.Syscalls;
import io.github.cgroups4j.spi.CgroupFs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code src/main/c/cgsame.c} in Java: cgroups4j's system calls for the harness's lifecycle, in its order and with
 * its arguments, made through the project's native boundary ({@link Syscalls}: FFM on JDK 22+, JNA before) with no
 * cgroup logic in between. It is the floor for any Java code making these calls on this JVM, so that
 * <pre>
 *     java-same / c-same      is what the JVM and the native boundary cost, and
 *     cgroups4j / java-same   is what our manager's Java costs on top.
 * </pre>
 * The calls are c-same's default (every guarantee and runc's extras on): per hierarchy {@code openat2(2)} from the
 * mount with {@code RESOLVE_NO_XDEV|NO_MAGICLINKS|NO_SYMLINKS|BENEATH}, destroy's look for tasks ({@code cgroup.procs}
 * read and {@code statx(2)} link count in each hierarchy). Paths and values are built once; nothing is parsed.
 *
 * <p>With {@code -seam 1} the same calls go through the {@link CgroupFs} seam the managers use
 * ({@link NativeCgroupFs}: a path checked and placed under its mount, a value encoded, a String read), named
 * {@code java-seam}: so {@code java-seam / java-same} is the seam's share and {@code cgroups4j / java-seam} the
 * managers' and controllers'.
 *
 * <p>Usage (the parent is named {@code bench-*} or {@code cgroups4j-*}): {@code -parent bench-XXX -pid PID [-n N] [-warmup W] [-seam 0|1] [-name NAME]}. Prints {@code RESULT} and
 * {@code PHASE} lines as HarnessVariant does. Only cgroups below the bench parent are made and removed; the memory
 * cgroup is never joined (as the harness).
 */
public final class SameCalls {
    private static final String[] HIER = {"cpuset", "devices", "memory", "cpu", "cpuacct", "pids", "blkio",
        "freezer", "systemd", "unified"};
    private static final int CPUSET = 0;
    private static final int DEVICES = 1;
    private static final int MEMORY = 2;
    private static final int CPU = 3;
    private static final int CPUACCT = 4;
    private static final int PIDS = 5;
    private static final int BLKIO = 6;
    private static final int UNIFIED = 9;
    /** The order HarnessVariant joins in: its paths sorted by subsystem name ("" for the hybrid cgroup2 first). */
    private static final int[] JOIN_ORDER = {UNIFIED, BLKIO, CPU, CPUACCT, CPUSET, DEVICES, 7, 8, PIDS};
    private static final long RESOLVE = Syscalls.RESOLVE_NO_XDEV | Syscalls.RESOLVE_NO_MAGICLINKS
            | Syscalls.RESOLVE_NO_SYMLINKS | Syscalls.RESOLVE_BENEATH;
    private static final String[] DEVRULES = {"b *:* m", "c *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm",
        "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:2 rwm", "c 10:200 rwm", "c 136:* rwm"};
    private static final String[] CPUSET_STATS = {"cpuset.cpus", "cpuset.mems", "cpuset.cpu_exclusive",
        "cpuset.mem_hardwall", "cpuset.mem_exclusive", "cpuset.memory_migrate", "cpuset.memory_spread_page",
        "cpuset.memory_spread_slab", "cpuset.memory_pressure", "cpuset.sched_load_balance",
        "cpuset.sched_relax_domain_level"};
    private static final String[] MEM_STATS = {"memory.stat", "memory.usage_in_bytes", "memory.max_usage_in_bytes",
        "memory.failcnt", "memory.limit_in_bytes", "memory.memsw.usage_in_bytes", "memory.memsw.max_usage_in_bytes",
        "memory.memsw.failcnt", "memory.memsw.limit_in_bytes", "memory.kmem.usage_in_bytes",
        "memory.kmem.max_usage_in_bytes", "memory.kmem.failcnt", "memory.kmem.limit_in_bytes",
        "memory.kmem.tcp.usage_in_bytes", "memory.kmem.tcp.max_usage_in_bytes", "memory.kmem.tcp.failcnt",
        "memory.kmem.tcp.limit_in_bytes", "memory.use_hierarchy", "memory.numa_stat"};
    private static final String[] CPUACCT_STATS = {"cpuacct.usage", "cpuacct.stat", "cpuacct.usage_percpu",
        "cpuacct.usage_all"};
    private static final String[] BLKIO_STATS = {"blkio.bfq.io_serviced_recursive",
        "blkio.throttle.io_serviced_recursive", "blkio.throttle.io_serviced"};
    private static final String[] PHASES = {"mkdir", "join", "set", "getstats", "unjoin", "rmdir"};

    private final String parent;
    private final V pid;
    private final int[] root = new int[HIER.length];
    private final long[] device = new long[HIER.length];
    private V mems;
    private static final V ZERO = new V("0");
    private static final V DENY_ALL = new V("a *:* rwm");
    private static final V[] RULES = Arrays.stream(DEVRULES).map(V::new).toArray(V[]::new);
    private static final V MEMORY_LIMIT = new V("268435456");
    private static final V MEMSW_LIMIT = new V("536870912");
    private static final V SHARES = new V("512");
    private static final V PERIOD = new V("100000");
    private static final V QUOTA = new V("50000");
    private static final V PIDS_MAX = new V("100");

    /** A value to write, as the seam takes it and as the native boundary takes it. */
    private record V(String s, byte[] b) {
        V(String s) {
            this(s, bytes(s));
        }
    }

    /** With -seam 1: the same calls through the CgroupFs seam the managers use (NativeCgroupFs), else null. */
    private final CgroupFs fs;
    /** The directories of the lifecycle under way: relative to each mount (the same for all), absolute per mount. */
    private String rel;
    private final String[] abs = new String[HIER.length];
    private final String[] parentAbs = new String[HIER.length];

    private SameCalls(String parent, long pid, boolean seam) throws ErrnoException, CgroupException {
        this.parent = parent;
        this.pid = new V(Long.toString(pid));
        this.fs = seam ? NativeCgroupFs.shared() : null;
        for (int h = 0; h < HIER.length; h++) {
            parentAbs[h] = "/sys/fs/cgroup/" + HIER[h] + "/" + parent;
            root[h] = Syscalls.open("/sys/fs/cgroup/" + HIER[h], Syscalls.O_RDONLY | Syscalls.O_DIRECTORY);
            device[h] = Syscalls.device(root[h]);
        }
        int n = Syscalls.readAllAndCloseToBuffer(open(CPUSET, parent, "cpuset.mems", Syscalls.O_RDONLY), true);
        String m = new String(Syscalls.readBuffer(), 0, n, StandardCharsets.US_ASCII).strip();
        if (m.isEmpty()) {
            throw new IllegalStateException("the bench parent's cpuset.mems is empty");
        }
        mems = new V(m);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private int open(int h, String dir, String file, int flags) throws ErrnoException {
        return Syscalls.openat2(root[h], dir, 0, file, flags, RESOLVE);
    }

    /** Writes a file of the lifecycle's cgroup, or (ofParent) of the bench parent. */
    private void wr(int h, boolean ofParent, String file, V value) throws ErrnoException, CgroupException {
        if (fs != null) {
            fs.write(ofParent ? parentAbs[h] : abs[h], file, value.s());
            return;
        }
        int fd = open(h, ofParent ? parent : rel, file, Syscalls.O_WRONLY);
        try {
            Syscalls.writeFully(fd, value.b());
        } finally {
            Syscalls.closeQuietly(fd);
        }
    }

    /** Reads a file of the lifecycle's cgroup or of the bench parent; returns its length. */
    private int rd(int h, boolean ofParent, String file) throws ErrnoException, CgroupException {
        if (fs != null) {
            return fs.read(ofParent ? parentAbs[h] : abs[h], file).length();
        }
        return Syscalls.readAllAndCloseToBuffer(open(h, ofParent ? parent : rel, file, Syscalls.O_RDONLY), true);
    }

    private void create() throws ErrnoException, CgroupException {
        if (fs != null) {
            if (fs.mkdir(parentAbs[CPUSET])) {
                throw new IllegalStateException("the bench parent " + parent + " did not exist");
            }
        } else {
            try {
                Syscalls.mkdirat(root[CPUSET], parent, 0755);
                throw new IllegalStateException("the bench parent " + parent + " did not exist");
            } catch (ErrnoException e) {
                if (e.errno() != 17) { // EEXIST, as runc's cpuset walk finds it
                    throw e;
                }
            }
        }
        rd(CPUSET, true, "cpuset.cpus");
        rd(CPUSET, true, "cpuset.mems");
        for (int h = 0; h < HIER.length; h++) {
            if (fs != null) {
                fs.mkdir(abs[h]);
            } else {
                Syscalls.mkdirat(root[h], rel, 0755);
            }
            if (h == CPUSET) {
                wr(CPUSET, false, "cpuset.cpus", ZERO);
                wr(CPUSET, false, "cpuset.mems", mems);
            }
        }
    }

    private void join(boolean toParent) throws ErrnoException, CgroupException {
        for (int h : JOIN_ORDER) {
            wr(h, toParent, "cgroup.procs", pid);
        }
    }

    private void set() throws ErrnoException, CgroupException {
        wr(CPUSET, false, "cpuset.cpus", ZERO);
        rd(DEVICES, false, "devices.list");
        wr(DEVICES, false, "devices.deny", DENY_ALL);
        for (V rule : RULES) {
            wr(DEVICES, false, "devices.allow", rule);
        }
        wr(MEMORY, false, "memory.limit_in_bytes", MEMORY_LIMIT);
        wr(MEMORY, false, "memory.memsw.limit_in_bytes", MEMSW_LIMIT);
        wr(CPU, false, "cpu.shares", SHARES);
        wr(CPU, false, "cpu.cfs_period_us", PERIOD);
        wr(CPU, false, "cpu.cfs_quota_us", QUOTA);
        wr(PIDS, false, "pids.max", PIDS_MAX);
    }

    private void stats() throws ErrnoException, CgroupException {
        for (String f : CPUSET_STATS) {
            rd(CPUSET, false, f);
        }
        for (String f : MEM_STATS) {
            rd(MEMORY, false, f);
        }
        rd(CPU, false, "cpu.stat");
        for (String f : CPUACCT_STATS) {
            rd(CPUACCT, false, f);
        }
        rd(PIDS, false, "pids.current");
        rd(PIDS, false, "pids.max");
        for (String f : BLKIO_STATS) {
            rd(BLKIO, false, f);
        }
    }

    private void destroy() throws ErrnoException, CgroupException {
        for (int h = 0; h < HIER.length; h++) {
            if (rd(h, false, "cgroup.procs") != 0) {
                throw new IllegalStateException("tasks left in " + HIER[h] + " " + rel);
            }
            if (fs != null ? fs.hasChildren(abs[h]) : Syscalls.linkCount(root[h], rel, device[h]) != 2) {
                throw new IllegalStateException("children left in " + HIER[h] + " " + rel);
            }
        }
        for (int h = 0; h < HIER.length; h++) {
            if (fs != null) {
                fs.rmdir(abs[h]);
            } else {
                Syscalls.rmdirat(root[h], rel);
            }
        }
    }

    private String lifecycle(int n, int warmup, String name) throws ErrnoException, CgroupException {
        long[][] phases = new long[PHASES.length][n];
        long[] total = new long[n];
        long[] t = new long[PHASES.length + 1];
        long wall = 0;
        for (int i = -warmup; i < n; i++) {
            t[0] = System.nanoTime();
            rel = parent + "/s" + (i + warmup);
            if (fs != null) {
                for (int h = 0; h < HIER.length; h++) {
                    abs[h] = parentAbs[h] + "/s" + (i + warmup);
                }
            }
            create();
            t[1] = System.nanoTime();
            join(false);
            t[2] = System.nanoTime();
            set();
            t[3] = System.nanoTime();
            stats();
            t[4] = System.nanoTime();
            join(true);
            t[5] = System.nanoTime();
            destroy();
            t[6] = System.nanoTime();
            if (i >= 0) {
                for (int j = 0; j < PHASES.length; j++) {
                    phases[j][i] = t[j + 1] - t[j];
                }
                total[i] = t[6] - t[0];
                wall += total[i];
            }
        }
        return HarnessVariant.report(name, wall, total, PHASES, phases);
    }

    /**
     * @param args see the class comment
     * @throws Exception when a call fails (the lifecycle stops there)
     */
    public static void main(String[] args) throws Exception {
        String parent = null;
        long pid = 0;
        int n = 1000;
        int warmup = -1;
        String name = "java-same";
        boolean seam = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "-parent" -> parent = args[i + 1];
                case "-pid" -> pid = Long.parseLong(args[i + 1]);
                case "-n" -> n = Integer.parseInt(args[i + 1]);
                case "-warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "-name" -> name = args[i + 1];
                case "-seam" -> seam = args[i + 1].equals("1");
                case "-mode", "-stats-n" -> { } // lifecycle only
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (parent == null || !HarnessVariant.PARENT.matcher(parent).matches() || pid <= 0 || n <= 0) {
            System.err.println("SameCalls: need -parent bench-XXX -pid PID [-n N] [-warmup W] [-seam 0|1] [-name NAME]");
            System.exit(2);
        }
        if (warmup < 0) {
            warmup = Math.min(n / 2, 500);
        }
        System.out.print(new SameCalls(parent, pid, seam).lifecycle(n, warmup, seam ? name.replace("java-same", "java-seam") : name));
    }
}
