package io.github.cgroups4j.fs;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupException.Operation;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.fs.internal.nativeio.ErrnoException;
import io.github.cgroups4j.fs.internal.nativeio.Syscalls;
import io.github.cgroups4j.parse.CgroupValues;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CgroupFs} over the real cgroup file systems, errno-precise, that opens files only beneath a cgroup mount.
 *
 * <p>Each cgroup mount point (from {@code /proc/self/mountinfo}) is a <em>root</em>. A path must lie under a root
 * and hold no {@code .} or {@code ..} component; anything else is refused before a system call is made. Where the
 * kernel has {@code openat2(2)} (5.6 and later), the root is held open as an {@code O_PATH} handle, checked once with
 * {@code fstatfs} to be {@code CGROUP_SUPER_MAGIC} or {@code CGROUP2_SUPER_MAGIC}, and every file is opened relative
 * to it with {@code RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV}: the kernel
 * itself refuses a path that leaves the mount. Without {@code openat2}, files are opened by absolute path and every
 * descriptor is checked with {@code fstatfs} before use; one that is not on a cgroup file system is refused.
 * Directories are created and removed with {@code mkdirat}/{@code unlinkat} relative to the root handle (cgroupfs
 * cannot hold symbolic links, and {@code ..} is refused lexically).
 *
 * <p>Values are written with one {@code write(2)}, never with {@code O_CREAT}: a missing file is ENOENT. Thread-safe.
 * Close it to release the root handles. Mounts made after construction are not seen.
 */
public final class NativeCgroupFs implements CgroupFs, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NativeCgroupFs.class);
    private static final long RESOLVE = Syscalls.RESOLVE_BENEATH | Syscalls.RESOLVE_NO_MAGICLINKS
            | Syscalls.RESOLVE_NO_SYMLINKS | Syscalls.RESOLVE_NO_XDEV;

    private final List<Root> roots;
    private volatile boolean openat2;

    /**
     * A cgroup mount point and, once used, its handle.
     *
     * <p>A call uses the handle between {@link #acquire()} and {@link #release()}. On an instance that can be closed,
     * these count the calls under way, and {@link #close()} leaves the handle open until the last of them has
     * released it: a call never passes the number of a closed descriptor (which the process may already have reused
     * for another file) to the kernel. The shared instance is never closed and counts nothing.
     */
    static final class Root {
        final String mountPoint;
        /** Whether calls are counted (the instance can be closed). */
        private final boolean counted;
        /** The handle once opened (read without the lock by every call; set and cleared under it). */
        private volatile int fd = -1;
        /** Set under the lock once the handle is released for good. */
        private boolean closed;
        /** Counted calls under way times 2, plus 1 once {@link #close()} was called. */
        private final java.util.concurrent.atomic.AtomicInteger users = new java.util.concurrent.atomic.AtomicInteger();

        Root(String mountPoint, boolean counted) {
            this.mountPoint = mountPoint;
            this.counted = counted;
        }

        /**
         * @return the handle, opened on first use; valid until {@link #release()}, which the caller must call
         * @throws CgroupException when the instance is closed or the mount cannot be opened
         */
        int acquire() throws CgroupException {
            enter();
            try {
                return fd();
            } catch (CgroupException | RuntimeException e) {
                release();
                throw e;
            }
        }

        /**
         * Begins a use without opening the handle (the fallback opens by path); {@link #release()} ends it.
         *
         * @throws CgroupException when the instance is closed
         */
        void enter() throws CgroupException {
            if (counted) {
                int u;
                do {
                    u = users.get();
                    if ((u & 1) != 0) {
                        throw closedError();
                    }
                } while (!users.compareAndSet(u, u + 2));
            }
        }

        /**
         * Ends a use begun by {@link #acquire()} or {@link #enter()}; the last use after {@link #close()} closes the
         * handle.
         */
        void release() {
            if (counted && users.addAndGet(-2) == 1) {
                closeNow();
            }
        }

        private CgroupException closedError() {
            return new CgroupException(Operation.OPEN, mountPoint, null, "the cgroup file system is closed");
        }

        /** The mount's device (statx, once), or {@link Long#MIN_VALUE} before it is known. */
        private volatile long device = Long.MIN_VALUE;

        long device() throws CgroupException, ErrnoException {
            long d = device;
            if (d == Long.MIN_VALUE) {
                d = Syscalls.device(fd());
                device = d;
            }
            return d;
        }

        int fd() throws CgroupException {
            int f = fd;
            return f >= 0 ? f : open();
        }

        private synchronized int open() throws CgroupException {
            if (closed) {
                throw closedError();
            }
            if (fd < 0) {
                int f;
                try {
                    f = Syscalls.open(mountPoint, Syscalls.O_PATH | Syscalls.O_DIRECTORY);
                } catch (ErrnoException e) {
                    throw new CgroupException(Operation.OPEN, mountPoint, null, null, e.errno(), null, null);
                }
                try {
                    long magic = Syscalls.fstatfsType(f);
                    if (!Syscalls.isCgroupFs(magic)) {
                        throw new CgroupException(Operation.CHECK, mountPoint, null,
                                "not a cgroup file system (f_type 0x" + Long.toHexString(magic) + ")");
                    }
                } catch (ErrnoException e) {
                    Syscalls.closeQuietly(f);
                    throw new CgroupException(Operation.CHECK, mountPoint, null, null, e.errno(), null, null);
                } catch (CgroupException e) {
                    Syscalls.closeQuietly(f);
                    throw e;
                }
                fd = f;
            }
            return fd;
        }

        /** Refuses new uses; the handle is closed now, or by the last use under way. Only where counted. */
        void close() {
            int u;
            do {
                u = users.get();
                if ((u & 1) != 0) {
                    return;
                }
            } while (!users.compareAndSet(u, u | 1));
            if (u == 0) {
                closeNow();
            }
        }

        /** @return whether the handle is open (for tests) */
        boolean isOpen() {
            return fd >= 0;
        }

        private synchronized void closeNow() {
            closed = true;
            int f = fd;
            fd = -1;
            if (f >= 0) {
                Syscalls.closeQuietly(f);
            }
        }
    }

    /**
     * Where a path resolved to: its root, the cleaned directory, the file, and the path relative to the root. The
     * absolute path and the cgroup shown in messages are derived only when needed (fallback opens, errors).
     */
    private record Target(Root root, String dir, String file, int cut) {
        /**
         * The path relative to the root: {@code dir} from {@code cut}, then the file; {@code .} for the root itself.
         * Built only where a String is needed (mkdir, rmdir, statx, fallback opens): openat2 encodes the pieces.
         */
        String relative() {
            if (cut >= dir.length()) {
                return file == null ? "." : file;
            }
            return file == null ? dir.substring(cut) : dir.substring(cut) + "/" + file;
        }

        String absolute() {
            return file == null ? dir : dir + "/" + file;
        }

        String cgroup() {
            String mp = root.mountPoint;
            return dir.length() == mp.length() ? "/" : dir.substring(mp.equals("/") ? 0 : mp.length());
        }
    }

    NativeCgroupFs(List<String> mountPoints, boolean useOpenat2) {
        this(mountPoints, useOpenat2, true);
    }

    private NativeCgroupFs(List<String> mountPoints, boolean useOpenat2, boolean closable) {
        List<Root> rs = new ArrayList<>();
        for (String m : mountPoints) {
            String mp = m.length() > 1 && m.endsWith("/") ? m.substring(0, m.length() - 1) : m;
            rs.add(new Root(mp, closable));
        }
        rs.sort(Comparator.comparingInt((Root r) -> r.mountPoint.length()).reversed());
        this.roots = List.copyOf(rs);
        this.openat2 = useOpenat2;
        this.closable = closable;
    }

    /** False for the shared instance, whose {@link #close()} does nothing. */
    private final boolean closable;

    private static NativeCgroupFs shared;

    /**
     * @return how this JVM reaches the kernel: {@code "ffm"} ({@code java.lang.foreign}, JDK 22+ with the
     *     multi-release jar) or {@code "jna"} (JDK 17-21)
     */
    public static String nativeBoundary() {
        return Syscalls.implementation();
    }

    /**
     * The process-wide instance managers use: opened on first use over the mounts of that moment, never closed (its
     * {@link #close()} does nothing, so that one caller cannot close it under every manager in the process).
     *
     * @return the shared cgroupfs
     * @throws CgroupException if mountinfo cannot be read or parsed
     */
    public static synchronized NativeCgroupFs shared() throws CgroupException {
        if (shared == null) {
            shared = new NativeCgroupFs(mountPoints(LinuxProcFs.system()), true, false);
        }
        return shared;
    }

    /**
     * @return a cgroupfs over every cgroup and cgroup2 mount in {@code /proc/self/mountinfo}
     * @throws CgroupException if mountinfo cannot be read or parsed
     */
    public static NativeCgroupFs open() throws CgroupException {
        return open(LinuxProcFs.system());
    }

    /**
     * @param proc where to read mountinfo
     * @return a cgroupfs over every cgroup and cgroup2 mount listed there
     * @throws CgroupException if mountinfo cannot be read or parsed
     */
    public static NativeCgroupFs open(ProcFs proc) throws CgroupException {
        return new NativeCgroupFs(mountPoints(proc), true);
    }

    private static List<String> mountPoints(ProcFs proc) throws CgroupException {
        List<String> mps = new ArrayList<>();
        for (MountInfo.Mount m : MountInfo.parse(proc.mountInfo()).cgroupMounts()) {
            mps.add(m.mountPoint());
        }
        return mps;
    }

    /**
     * @param mountPoints cgroup mount points to accept paths under; each is checked to be a cgroup file system on
     *     first use
     * @return a cgroupfs over exactly those
     */
    public static NativeCgroupFs of(List<String> mountPoints) {
        return new NativeCgroupFs(mountPoints, true);
    }

    /** @return the mount points this instance accepts paths under */
    public List<String> mountPoints() {
        return roots.stream().map(r -> r.mountPoint).toList();
    }

    /** @return whether files are opened with {@code openat2} (false once the kernel said ENOSYS) */
    public boolean usesOpenat2() {
        return openat2;
    }

    private Target resolve(Operation op, String dir, String file) throws CgroupException {
        if (dir == null || dir.isEmpty() || dir.charAt(0) != '/' || dir.indexOf('\0') >= 0) {
            throw new CgroupException(op, dir, file, "not an absolute path");
        }
        if (file != null && (file.isEmpty() || file.indexOf('/') >= 0 || file.equals(".") || file.equals("..")
                || file.indexOf('\0') >= 0)) {
            throw new CgroupException(op, dir, file, "not an interface file name");
        }
        Place p = place(op, dir, file);
        return new Target(p.root, p.dir, file, p.cut);
    }

    /** Where a directory lies: its root, its cleaned form, and where the part relative to the root starts. */
    private record Place(String given, Root root, String dir, int cut) {
    }

    /**
     * Places found before, by the given directory's hash: the managers pass the same few directory Strings again
     * and again (a lifecycle makes ~150 calls in ~10 directories), and matching one against every mount point cost
     * about 0.2 µs a call. Entries are immutable; a racing thread at worst places a directory again. The roots never
     * change, so an entry never goes stale.
     */
    private final Place[] places = new Place[64];

    private Place place(Operation op, String dir, String file) throws CgroupException {
        int slot = dir.hashCode() & (places.length - 1);
        Place known = places[slot];
        if (known != null && (known.given == dir || known.given.equals(dir))) {
            return known;
        }
        String d = normalize(op, dir, file);
        for (Root r : roots) {
            String mp = r.mountPoint;
            if (d.startsWith(mp) && (d.length() == mp.length() || mp.equals("/") || d.charAt(mp.length()) == '/')) {
                int cut = mp.equals("/") ? 1 : Math.min(d.length(), mp.length() + 1);
                Place found = new Place(dir, r, d, cut);
                places[slot] = found;
                return found;
            }
        }
        throw new CgroupException(Operation.CHECK, dir, file, "not beneath a cgroup mount");
    }

    /**
     * One pass over an absolute path: repeated and trailing slashes dropped; a {@code .} or {@code ..} component is
     * refused. Returns {@code dir} itself when it is already clean (the common case, no allocation).
     */
    private static String normalize(Operation op, String dir, String file) throws CgroupException {
        int n = dir.length();
        boolean clean = n == 1 || dir.charAt(n - 1) != '/';
        int start = 1;
        for (int i = 1; i <= n; i++) {
            if (i == n || dir.charAt(i) == '/') {
                int len = i - start;
                if (len == 0 && i < n) {
                    clean = false; // "//"
                } else if (len == 1 && dir.charAt(start) == '.' || len == 2 && dir.charAt(start) == '.'
                        && dir.charAt(start + 1) == '.') {
                    throw new CgroupException(op, dir, file, "a \"" + dir.substring(start, i)
                            + "\" component would leave the cgroup");
                }
                start = i + 1;
            }
        }
        if (clean) {
            return dir;
        }
        StringBuilder sb = new StringBuilder(n);
        for (String part : dir.split("/")) {
            if (!part.isEmpty()) {
                sb.append('/').append(part);
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /**
     * Opens beneath the target's root; falls back to open + fstatfs when the kernel lacks openat2. Both paths count
     * as a use of the root, so a closed instance refuses either way (and the handle outlives an openat2 call).
     */
    private int openBeneath(Target t, int flags) throws ErrnoException, CgroupException {
        t.root.enter();
        try {
            if (openat2) {
                try {
                    return Syscalls.openat2(t.root.fd(), t.dir, t.cut, t.file, flags, RESOLVE);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ENOSYS.number()) {
                        throw e;
                    }
                    LOG.debug("openat2 is not available (kernel < 5.6): falling back to open + fstatfs");
                    openat2 = false;
                }
            }
            int fd = Syscalls.open(t.absolute(), flags | Syscalls.O_NOFOLLOW);
            try {
                long magic = Syscalls.fstatfsType(fd);
                if (!Syscalls.isCgroupFs(magic)) {
                    throw new CgroupException(Operation.CHECK, t.absolute(), null,
                            "not on a cgroup file system (f_type 0x" + Long.toHexString(magic) + ")");
                }
                return fd;
            } catch (ErrnoException | CgroupException e) {
                Syscalls.closeQuietly(fd);
                throw e;
            }
        } finally {
            t.root.release();
        }
    }

    /**
     * Opens an interface file beneath its mount and keeps the descriptor (for the event watchers).
     *
     * @param dir the cgroup
     * @param file the file
     * @param flags open flags
     * @return the descriptor; the caller closes it
     * @throws CgroupException with the errno
     */
    int openFd(String dir, String file, int flags) throws CgroupException {
        Target t = resolve(Operation.OPEN, dir, file);
        try {
            return openBeneath(t, flags);
        } catch (ErrnoException e) {
            throw new CgroupException(Operation.OPEN, t.cgroup(), file, null, e.errno(), null, null);
        }
    }

    /**
     * @param dir a cgroup
     * @param file a file
     * @return its absolute path, checked to be beneath a cgroup mount
     * @throws CgroupException when it is not
     */
    String checkedPath(String dir, String file) throws CgroupException {
        return resolve(Operation.OPEN, dir, file).absolute();
    }

    @Override
    public io.github.cgroups4j.events.EventSubscription watch(String dir, boolean unified,
            io.github.cgroups4j.events.EventRequest request,
            java.util.function.Consumer<io.github.cgroups4j.events.MemoryEvent> listener) throws CgroupException {
        return NativeEvents.start(this, dir, unified, request, listener);
    }

    @Override
    public String read(String dir, String file) throws CgroupException {
        Target t = resolve(Operation.READ, dir, file);
        try {
            return Syscalls.readAllAndClose(openBeneath(t, Syscalls.O_RDONLY), true);
        } catch (ErrnoException e) {
            throw new CgroupException(Operation.READ, t.cgroup(), file, null, e.errno(), null, null);
        }
    }

    /** Parsed from the bytes read, in this thread's buffer: no String for a single value. */
    @Override
    public long readUint(String dir, String file) throws CgroupException {
        Target t = resolve(Operation.READ, dir, file);
        int n;
        try {
            n = Syscalls.readAllAndCloseToBuffer(openBeneath(t, Syscalls.O_RDONLY), true);
        } catch (ErrnoException e) {
            throw new CgroupException(Operation.READ, t.cgroup(), file, null, e.errno(), null, null);
        }
        return CgroupValues.parseUint(Syscalls.readBuffer(), n);
    }

    @Override
    public void write(String dir, String file, String value) throws CgroupException {
        Target t = resolve(Operation.WRITE, dir, file);
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        int fd;
        try {
            fd = openBeneath(t, Syscalls.O_WRONLY);
        } catch (ErrnoException e) {
            throw new CgroupException(Operation.WRITE, t.cgroup(), file, value, e.errno(), null, null);
        }
        try {
            Syscalls.writeFully(fd, data);
            if (LOG.isDebugEnabled()) {
                LOG.debug("write {}/{} <- {}", t.cgroup(), file, value);
            }
        } catch (ErrnoException e) {
            throw new CgroupException(Operation.WRITE, t.cgroup(), file, value, e.errno(), null, null);
        } finally {
            Syscalls.closeQuietly(fd);
        }
    }

    @Override
    public boolean mkdir(String dir) throws CgroupException {
        Target t = resolve(Operation.MKDIR, dir, null);
        String rel = t.relative();
        if (rel.equals(".")) {
            return false;
        }
        int rootFd = t.root.acquire();
        try {
            Syscalls.mkdirat(rootFd, rel, 0755);
            if (LOG.isDebugEnabled()) {
                LOG.debug("mkdir {}", t.absolute());
            }
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EEXIST.number()) {
                return false;
            }
            throw new CgroupException(Operation.MKDIR, t.absolute(), null, null, e.errno(), null, null);
        } finally {
            t.root.release();
        }
    }

    @Override
    public void rmdir(String dir) throws CgroupException {
        Target t = resolve(Operation.RMDIR, dir, null);
        String rel = t.relative();
        if (rel.equals(".")) {
            throw new CgroupException(Operation.RMDIR, t.absolute(), null, null, Errno.EBUSY.number(),
                    "the root of a hierarchy cannot be removed", null);
        }
        int rootFd = t.root.acquire();
        try {
            Syscalls.rmdirat(rootFd, rel);
            if (LOG.isDebugEnabled()) {
                LOG.debug("rmdir {}", t.absolute());
            }
        } catch (ErrnoException e) {
            throw new CgroupException(Operation.RMDIR, t.absolute(), null, null, e.errno(), null, null);
        } finally {
            t.root.release();
        }
    }

    @Override
    public List<String> list(String dir) throws CgroupException {
        Target t = resolve(Operation.LIST, dir, null);
        try {
            return Syscalls.listDirectoriesAndClose(openBeneath(t, Syscalls.O_RDONLY | Syscalls.O_DIRECTORY));
        } catch (ErrnoException e) {
            throw new CgroupException(Operation.LIST, t.absolute(), null, null, e.errno(), null, null);
        }
    }

    /** Whether statx(2) answers here (kernel 4.11+, no seccomp refusal); false after the first refusal. */
    private volatile boolean statx = true;

    /**
     * One {@code statx(2)} of the directory's link count, which kernfs keeps at 2 plus the subdirectories, where
     * {@code list} takes an open, two {@code getdents64} and a close. Only with {@code openat2} (the path is relative
     * to the mount's handle and was cleaned of {@code ..}; the final component is not followed) and only when the
     * directory is on the mount's own device (statx cannot refuse to cross a mount as openat2 does). Else, before
     * kernel 4.11 and where statx is refused, the listing.
     */
    @Override
    public boolean hasChildren(String dir) throws CgroupException {
        if (!openat2 || !statx) {
            return !list(dir).isEmpty();
        }
        Target t = resolve(Operation.LIST, dir, null);
        long links;
        int rootFd = t.root.acquire();
        try {
            links = Syscalls.linkCount(rootFd, t.relative(), t.root.device());
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT.number() || e.errno() == Errno.ENOTDIR.number()) {
                throw new CgroupException(Operation.LIST, t.absolute(), null, null, e.errno(), null, null);
            }
            LOG.debug("statx refused ({}): listing directories instead", e.getMessage());
            statx = false;
            links = -1;
        } finally {
            t.root.release();
        }
        return links < 0 ? !list(dir).isEmpty() : links > 2;
    }

    @Override
    public boolean exists(String dir) {
        return probe(dir, null, Syscalls.O_PATH | Syscalls.O_DIRECTORY);
    }

    @Override
    public boolean exists(String dir, String file) {
        return probe(dir, file, Syscalls.O_PATH);
    }

    private boolean probe(String dir, String file, int flags) {
        try {
            Target t = resolve(Operation.OPEN, dir, file);
            Syscalls.closeQuietly(openBeneath(t, flags));
            return true;
        } catch (ErrnoException | CgroupException e) {
            return false;
        }
    }

    /**
     * Loads the program, then replaces the device program attached to {@code dir} before (one program:
     * {@code BPF_F_REPLACE}, atomically) or attaches it beside them and detaches them (none, or several), as runc.
     * Programs a security module hides from this process are left alone.
     */
    @Override
    public void setDeviceProgram(String dir, byte[] program) throws CgroupException {
        Target t = resolve(Operation.SET, dir, null);
        int dirFd = -1;
        int progFd = -1;
        List<Integer> old = new java.util.ArrayList<>();
        try {
            dirFd = openBeneath(t, Syscalls.O_RDONLY | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC);
            for (int id : Syscalls.bpfQueryDevicePrograms(dirFd)) {
                try {
                    old.add(Syscalls.bpfProgramFd(id));
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.EPERM.number()) {
                        throw e;
                    }
                    LOG.debug("{}: device program {} cannot be accessed (a security module's): left alone", dir, id);
                }
            }
            progFd = Syscalls.bpfLoadDeviceProgram(program, "Apache");
            if (old.size() == 1) {
                try {
                    Syscalls.bpfAttachDeviceProgram(dirFd, progFd, Syscalls.BPF_F_ALLOW_MULTI
                            | Syscalls.BPF_F_REPLACE, old.get(0));
                    return;
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.EINVAL.number()) {
                        throw e;
                    }
                    // a kernel before 5.6 has no BPF_F_REPLACE: attach, then detach the old one
                }
            }
            Syscalls.bpfAttachDeviceProgram(dirFd, progFd, Syscalls.BPF_F_ALLOW_MULTI, -1);
            for (int fd : old) {
                Syscalls.bpfDetachDeviceProgram(dirFd, fd);
            }
        } catch (ErrnoException e) {
            throw new CgroupException(Operation.SET, t.absolute(), null, null, e.errno(), e.getMessage(), null);
        } finally {
            for (int fd : old) {
                Syscalls.closeQuietly(fd);
            }
            if (progFd >= 0) {
                Syscalls.closeQuietly(progFd);
            }
            if (dirFd >= 0) {
                Syscalls.closeQuietly(dirFd);
            }
        }
    }

    /**
     * Releases the root handles; later calls fail. A call under way keeps its root's handle until it returns. Does
     * nothing on the {@link #shared()} instance.
     */
    @Override
    public void close() {
        if (!closable) {
            LOG.debug("close() of the shared cgroupfs ignored: it is never closed");
            return;
        }
        for (Root r : roots) {
            r.close();
        }
    }

    /** @return the roots, longest mount point first (for tests) */
    List<Root> roots() {
        return roots;
    }
}
