package io.github.cgroups4j.fs.internal.nativeio;

import io.github.cgroups4j.Errno;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The errno-precise boundary to the kernel: every call retries EINTR, checks its return value right here and throws
 * {@link ErrnoException} with the errno. Nothing above this class sees a raw return code.
 *
 * <p>The calls themselves go through {@link LibC} with {@link NativeBuffer}s: JNA on JDK 17-21, {@code
 * java.lang.foreign} on JDK 22+ (the jar is multi-release). This class is the same on both.
 */
public final class Syscalls {
    /** {@code O_RDONLY}. */
    public static final int O_RDONLY = 0;
    /** {@code O_WRONLY}. */
    public static final int O_WRONLY = 1;
    /** {@code O_DIRECTORY}. */
    public static final int O_DIRECTORY = 0x10000;
    /** {@code O_NOFOLLOW}. */
    public static final int O_NOFOLLOW = 0x20000;
    /** {@code O_CLOEXEC}. */
    public static final int O_CLOEXEC = 0x80000;
    /** {@code O_PATH}. */
    public static final int O_PATH = 0x200000;
    /** {@code AT_REMOVEDIR}. */
    public static final int AT_REMOVEDIR = 0x200;

    /** {@code RESOLVE_NO_XDEV}: stay on the mount of the directory handle. */
    public static final long RESOLVE_NO_XDEV = 0x01;
    /** {@code RESOLVE_NO_MAGICLINKS}. */
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    /** {@code RESOLVE_NO_SYMLINKS}. */
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    /** {@code RESOLVE_BENEATH}: refuse any path that leaves the directory handle. */
    public static final long RESOLVE_BENEATH = 0x08;

    /** {@code CGROUP_SUPER_MAGIC} (cgroup v1). */
    public static final long CGROUP_SUPER_MAGIC = 0x27e0ebL;
    /** {@code CGROUP2_SUPER_MAGIC}. */
    public static final long CGROUP2_SUPER_MAGIC = 0x63677270L;

    /** {@code SYS_openat2}: 437 on every architecture that has it (the unified syscall table since 5.1). */
    private static final long SYS_OPENAT2 = 437;
    private static final int EINTR = Errno.EINTR.number();
    private static final int EAGAIN = Errno.EAGAIN.number();
    private static final int DT_DIR = 4;
    /** {@code struct linux_dirent64}: d_ino(8) d_off(8) d_reclen(2) d_type(1) d_name. */
    private static final int DIRENT_RECLEN = 16;
    private static final int DIRENT_TYPE = 18;
    private static final int DIRENT_NAME = 19;
    private static final int STATFS_SIZE = 120;

    /**
     * One thread's native buffers, allocated once and reused: no call allocates native memory. Every buffer here
     * stays reachable while the thread lives, so passing its address is safe.
     */
    private static final class Buffers {
        final NativeBuffer openHow = NativeBuffer.allocate(24);
        final NativeBuffer statfs = NativeBuffer.allocate(STATFS_SIZE);
        final NativeBuffer word = NativeBuffer.allocate(8);
        final NativeBuffer statx = NativeBuffer.allocate(STATX_BUFFER);
        NativeBuffer read = NativeBuffer.allocate(16384);
        /** The bytes of {@link #read} on the Java side, reused for the String's decoding. */
        byte[] readBytes = new byte[16384];
        NativeBuffer path = NativeBuffer.allocate(512);
        NativeBuffer data = NativeBuffer.allocate(512);

        /** The Java side of {@link #path}: ASCII paths are assembled here, without a String or a byte[] each. */
        byte[] pathBytes = new byte[512];

        /** Copies a path and its NUL into {@link #path}, growing it when needed. */
        NativeBuffer path(String p) {
            byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
            return path(bytes, bytes.length);
        }

        private NativeBuffer path(byte[] bytes, int length) {
            if (path.size() < length + 1) {
                path = NativeBuffer.allocate(Math.max(length + 1, path.size() * 2));
            }
            path.put(0, bytes, 0, length);
            path.putByte(length, (byte) 0);
            return path;
        }

        /**
         * {@code base} from {@code from}, then {@code "/" + file} when there is a file ({@code "."} for nothing at
         * all), as a C string in {@link #path}. ASCII (every cgroup path in practice) takes no allocation.
         */
        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, wanted
        NativeBuffer path(String base, int from, String file) {
            int baseLen = Math.max(0, base.length() - from);
            if (!ascii(base, from) || file != null && !ascii(file, 0)) {
                String p = baseLen == 0 ? (file == null ? "." : file)
                        : file == null ? base.substring(from) : base.substring(from) + "/" + file;
                return path(p);
            }
            int length = baseLen == 0 ? (file == null ? 1 : file.length())
                    : baseLen + (file == null ? 0 : 1 + file.length());
            if (pathBytes.length < length) {
                pathBytes = new byte[Math.max(length, pathBytes.length * 2)];
            }
            byte[] b = pathBytes;
            if (baseLen == 0) {
                if (file == null) {
                    b[0] = '.';
                } else {
                    file.getBytes(0, file.length(), b, 0);
                }
            } else {
                base.getBytes(from, base.length(), b, 0);
                if (file != null) {
                    b[baseLen] = '/';
                    file.getBytes(0, file.length(), b, baseLen + 1);
                }
            }
            return path(b, length);
        }

        private static boolean ascii(String s, int from) {
            for (int i = from; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }

        NativeBuffer data(byte[] bytes) {
            if (data.size() < bytes.length) {
                data = NativeBuffer.allocate(Math.max(bytes.length, data.size() * 2));
            }
            data.put(0, bytes, 0, bytes.length);
            return data;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** @return {@code "jna"} (JDK 17-21) or {@code "ffm"} (JDK 22+, {@code java.lang.foreign}) */
    public static String implementation() {
        return LibC.implementation();
    }

    private Syscalls() {
    }

    /**
     * @param path an absolute path
     * @param flags open flags ({@code O_CLOEXEC} is added)
     * @return the file descriptor
     * @throws ErrnoException on failure
     */
    public static int open(String path, int flags) throws ErrnoException {
        long p = BUFFERS.get().path(path).address();
        while (true) {
            int fd = LibC.open(p, flags | O_CLOEXEC, 0);
            if (fd >= 0) {
                return fd;
            }
            int e = LibC.errno();
            if (e != EINTR) {
                throw new ErrnoException("open", e);
            }
        }
    }

    /**
     * {@code openat2(2)}: opens {@code path} relative to {@code dirfd} with {@code resolve} restrictions.
     *
     * @param dirfd a directory handle
     * @param path a relative path
     * @param flags open flags ({@code O_CLOEXEC} is added)
     * @param resolve {@code RESOLVE_*} flags
     * @return the file descriptor
     * @throws ErrnoException on failure: ENOSYS before kernel 5.6, EXDEV for a path leaving {@code dirfd} or its
     *     mount, ELOOP for a symlink under {@code RESOLVE_NO_SYMLINKS}
     */
    public static int openat2(int dirfd, String path, int flags, long resolve) throws ErrnoException {
        return openat2(dirfd, path, 0, null, flags, resolve);
    }

    /**
     * {@link #openat2(int, String, int, long)} of {@code base.substring(from) + "/" + file} (or of either alone;
     * {@code .} for neither), assembled in this thread's native path buffer without building that String.
     *
     * @param dirfd a directory handle
     * @param base a path whose part from {@code from} is relative to {@code dirfd}
     * @param from where the relative part starts
     * @param file a file in it, or null
     * @param flags open flags ({@code O_CLOEXEC} is added)
     * @param resolve {@code RESOLVE_*} flags
     * @return the file descriptor
     * @throws ErrnoException on failure
     */
    public static int openat2(int dirfd, String base, int from, String file, int flags, long resolve)
            throws ErrnoException {
        Buffers b = BUFFERS.get();
        NativeBuffer how = b.openHow;
        how.putLong(0, (flags | O_CLOEXEC) & 0xFFFF_FFFFL);
        how.putLong(8, 0);
        how.putLong(16, resolve);
        long p = b.path(base, from, file).address();
        while (true) {
            long fd = LibC.syscall(SYS_OPENAT2, dirfd, p, how.address(), 24, 0);
            if (fd >= 0) {
                return (int) fd;
            }
            int e = LibC.errno();
            if (e != EINTR && e != EAGAIN) {
                throw new ErrnoException("openat2", e);
            }
        }
    }

    /**
     * Reads a whole file from an open descriptor, then closes it, reading until EOF.
     *
     * @param fd the descriptor, closed by this call
     * @return the content (UTF-8)
     * @throws ErrnoException on failure
     */
    public static String readAllAndClose(int fd) throws ErrnoException {
        return readAllAndClose(fd, false);
    }

    /**
     * @return this thread's read buffer: what the last {@link #readAllAndCloseToBuffer(int, boolean)} read, valid
     *     until the thread's next read
     */
    public static byte[] readBuffer() {
        return BUFFERS.get().readBytes;
    }

    /** A first read shorter than this is the whole of a cgroupfs file (see {@link #readAllAndClose(int, boolean)}). */
    private static final int SEQ_SHORT = 2048;

    /**
     * Reads a whole file from an open descriptor, then closes it.
     *
     * <p>With {@code cgroupFile}, a first read shorter than 2048 bytes is taken as the whole file, saving the read
     * that would return 0. cgroupfs files are seq_files: a read returns everything that fits in the caller's buffer
     * (16 KiB here) unless the kernel's own buffer (at least a page) overflowed, which cannot happen below half a page
     * with records as small as cgroup files have (a pid, a device rule, a stat line). Longer content is read until
     * EOF as usual.
     *
     * @param fd the descriptor, closed by this call
     * @param cgroupFile whether the file is on a cgroup file system
     * @return the content (UTF-8)
     * @throws ErrnoException on failure
     */
    public static String readAllAndClose(int fd, boolean cgroupFile) throws ErrnoException {
        int n = readAllAndCloseToBuffer(fd, cgroupFile);
        return new String(BUFFERS.get().readBytes, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * {@link #readAllAndClose(int, boolean)} into this thread's read buffer ({@link #readBuffer()}), for a caller
     * that parses the bytes where they are.
     *
     * @param fd the descriptor, closed by this call
     * @param cgroupFile whether the file is on a cgroup file system
     * @return how many bytes {@link #readBuffer()} holds
     * @throws ErrnoException on failure
     */
    public static int readAllAndCloseToBuffer(int fd, boolean cgroupFile) throws ErrnoException {
        try {
            Buffers b = BUFFERS.get();
            NativeBuffer buf = b.read;
            long off = 0;
            while (true) {
                if (off == buf.size()) {
                    NativeBuffer bigger = NativeBuffer.allocate(buf.size() * 2);
                    byte[] copy = new byte[(int) off];
                    buf.get(0, copy, 0, (int) off);
                    bigger.put(0, copy, 0, (int) off);
                    buf = bigger;
                    b.read = bigger;
                    b.readBytes = new byte[(int) bigger.size()];
                }
                long n = LibC.read(fd, buf.address() + off, buf.size() - off);
                if (n > 0) {
                    off += n;
                    if (cgroupFile && off == n && n < SEQ_SHORT) {
                        break;
                    }
                } else if (n == 0) {
                    break;
                } else {
                    int e = LibC.errno();
                    if (e != EINTR) {
                        throw new ErrnoException("read", e);
                    }
                }
            }
            buf.get(0, b.readBytes, 0, (int) off);
            return (int) off;
        } finally {
            closeQuietly(fd);
        }
    }

    /**
     * One {@code write(2)} of all of {@code data}.
     *
     * @param fd the descriptor
     * @param data the bytes
     * @throws ErrnoException on failure, or EIO on a short write (the kernel takes cgroup values whole)
     */
    public static void writeFully(int fd, byte[] data) throws ErrnoException {
        NativeBuffer buf = BUFFERS.get().data(data);
        while (true) {
            long n = LibC.write(fd, buf.address(), data.length);
            if (n == data.length) {
                return;
            }
            if (n >= 0) {
                throw new ErrnoException("write (short: " + n + " of " + data.length + " bytes)", Errno.EIO.number());
            }
            int e = LibC.errno();
            if (e != EINTR) {
                throw new ErrnoException("write", e);
            }
        }
    }

    /**
     * @param fd a descriptor
     * @throws ErrnoException on failure (not EINTR: Linux closes the descriptor anyway)
     */
    public static void close(int fd) throws ErrnoException {
        if (LibC.close(fd) != 0) {
            int e = LibC.errno();
            if (e != EINTR) {
                throw new ErrnoException("close", e);
            }
        }
    }

    /** @param fd a descriptor to close, ignoring errors (the descriptor is released either way) */
    public static void closeQuietly(int fd) {
        LibC.closeQuietly(fd);
    }

    /**
     * @param fd a descriptor (an {@code O_PATH} one will do)
     * @return the file system's {@code f_type} magic
     * @throws ErrnoException on failure
     */
    public static long fstatfsType(int fd) throws ErrnoException {
        NativeBuffer buf = BUFFERS.get().statfs;
        while (LibC.fstatfs(fd, buf.address()) != 0) {
            int e = LibC.errno();
            if (e != EINTR) {
                throw new ErrnoException("fstatfs", e);
            }
        }
        return buf.getLong(0);
    }

    /**
     * @param magic an {@code f_type}
     * @return whether it is cgroup v1 or cgroup2
     */
    public static boolean isCgroupFs(long magic) {
        return magic == CGROUP_SUPER_MAGIC || magic == CGROUP2_SUPER_MAGIC;
    }

    /**
     * @param dirfd a directory handle
     * @param path a path relative to it
     * @param mode permission bits
     * @throws ErrnoException on failure (EEXIST when it exists)
     */
    public static void mkdirat(int dirfd, String path, int mode) throws ErrnoException {
        long p = BUFFERS.get().path(path).address();
        while (LibC.mkdirat(dirfd, p, mode) != 0) {
            int e = LibC.errno();
            if (e != EINTR) {
                throw new ErrnoException("mkdirat", e);
            }
        }
    }

    /**
     * @param dirfd a directory handle
     * @param path a directory relative to it
     * @throws ErrnoException on failure (EBUSY for a cgroup with tasks or children)
     */
    public static void rmdirat(int dirfd, String path) throws ErrnoException {
        long p = BUFFERS.get().path(path).address();
        while (LibC.unlinkat(dirfd, p, AT_REMOVEDIR) != 0) {
            int e = LibC.errno();
            if (e != EINTR) {
                throw new ErrnoException("unlinkat", e);
            }
        }
    }

    /**
     * Lists the sub-directories of an open directory, then closes it ({@code getdents64(2)}, whose records carry
     * the type, so no {@code stat} per entry).
     *
     * @param fd a directory descriptor (not {@code O_PATH}), closed by this call
     * @return the names of its sub-directories, without {@code .} and {@code ..}
     * @throws ErrnoException on failure
     */
    public static List<String> listDirectoriesAndClose(int fd) throws ErrnoException {
        try {
            long sys = Arch.number(Arch.GETDENTS64, "getdents64");
            NativeBuffer buf = BUFFERS.get().read;
            List<String> out = new ArrayList<>();
            while (true) {
                long n = LibC.syscall(sys, fd, buf.address(), buf.size(), 0, 0);
                if (n == 0) {
                    return out;
                }
                if (n < 0) {
                    int e = LibC.errno();
                    if (e == EINTR) {
                        continue;
                    }
                    throw new ErrnoException("getdents64", e);
                }
                // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                for (long off = 0; off < n;) {
                    int reclen = buf.getShort(off + DIRENT_RECLEN) & 0xffff;
                    if (buf.getByte(off + DIRENT_TYPE) == DT_DIR) {
                        String name = buf.cString(off + DIRENT_NAME);
                        if (!name.equals(".") && !name.equals("..")) {
                            out.add(name);
                        }
                    }
                    off += reclen;
                }
            }
        } finally {
            closeQuietly(fd);
        }
    }

    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_NO_AUTOMOUNT = 0x800;
    private static final int AT_EMPTY_PATH = 0x1000;
    /** {@code struct statx}: stx_dev_major(4) stx_dev_minor(4) at 136. */
    private static final int STATX_DEV_MAJOR = 136;
    private static final int STATX_NLINK = 0x4;
    private static final int STATX_BUFFER = 256;
    /** {@code struct statx}: stx_mask(4) stx_blksize(4) stx_attributes(8) stx_nlink(4). */
    private static final int STATX_NLINK_OFFSET = 16;

    /**
     * The link count of a file, {@code statx(2)} with {@code STATX_NLINK} (kernel 4.11+): for a directory on kernfs
     * (cgroupfs) 2 plus its subdirectories. The final component is not followed.
     *
     * @param dirfd a directory handle
     * @param path a path relative to it
     * @param device the device the file must be on ({@link #device(int)} of the handle): statx cannot refuse to cross
     *     a mount as openat2 does, so a file on another device answers -1 instead
     * @return the link count, or -1 when the file is not on {@code device}
     * @throws ErrnoException on failure (ENOSYS before 4.11 or where no syscall number is known)
     */
    public static long linkCount(int dirfd, String path, long device) throws ErrnoException {
        NativeBuffer buf = statx(dirfd, path, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_NLINK);
        if ((buf.getInt(0) & STATX_NLINK) == 0) {
            throw new ErrnoException("statx (no link count)", Errno.ENOSYS.number());
        }
        return deviceOf(buf) != device ? -1 : buf.getInt(STATX_NLINK_OFFSET) & 0xffffffffL;
    }

    /**
     * @param fd a descriptor (an {@code O_PATH} one will do)
     * @return the device it is on, {@code major << 32 | minor}
     * @throws ErrnoException on failure (ENOSYS before 4.11)
     */
    public static long device(int fd) throws ErrnoException {
        return deviceOf(statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, 0));
    }

    private static long deviceOf(NativeBuffer statx) {
        return (statx.getInt(STATX_DEV_MAJOR) & 0xffffffffL) << 32 | statx.getInt(STATX_DEV_MAJOR + 4) & 0xffffffffL;
    }

    private static NativeBuffer statx(int dirfd, String path, int flags, int mask) throws ErrnoException {
        long sys = Arch.number(Arch.STATX, "statx");
        Buffers b = BUFFERS.get();
        long p = b.path(path).address();
        NativeBuffer buf = b.statx;
        while (true) {
            long r = LibC.syscall(sys, dirfd, p, flags, mask, buf.address());
            if (r == 0) {
                return buf;
            }
            int e = LibC.errno();
            if (e != EINTR) {
                throw new ErrnoException("statx", e);
            }
        }
    }

    /** @return the effective user id */
    public static int geteuid() {
        return LibC.geteuid();
    }

    /**
     * {@code kill(2)}.
     *
     * @param pid a process id
     * @param signal the signal number
     * @throws ErrnoException on failure (ESRCH: no such process)
     */
    public static void kill(int pid, int signal) throws ErrnoException {
        if (LibC.kill(pid, signal) != 0) {
            throw new ErrnoException("kill", LibC.errno());
        }
    }

    /** @return the system's page size in bytes */
    public static int pageSize() {
        return LibC.getpagesize();
    }

    // ---------------------------------------------------------------------------------------------- bpf(2)

    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_DETACH = 9;
    private static final int BPF_PROG_GET_FD_BY_ID = 13;
    private static final int BPF_PROG_QUERY = 16;
    private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    private static final int BPF_CGROUP_DEVICE = 6;
    /** {@code BPF_F_ALLOW_MULTI}. */
    public static final int BPF_F_ALLOW_MULTI = 2;
    /** {@code BPF_F_REPLACE}. */
    public static final int BPF_F_REPLACE = 4;
    private static final int BPF_ATTR_SIZE = 128;

    /** System call numbers that differ between architectures (openat2's 437 does not). */
    private static final class Arch {
        private static final String NAME = System.getProperty("os.arch");
        /** x86-64 217; arm64, riscv64 and loongarch64 (the generic table) 61; ppc64 202; s390x 220; else -1. */
        static final long GETDENTS64 = pick(217, 61, 202, 220);
        /** x86-64 321; the generic table 280; ppc64 361; s390x 351; else -1. */
        static final long BPF = pick(321, 280, 361, 351);
        /** x86-64 332; the generic table 291; ppc64 383; s390x 379; else -1. */
        static final long STATX = pick(332, 291, 383, 379);

        /** @return {@code number}, or ENOSYS naming {@code call} where this architecture has none here */
        static long number(long number, String call) throws ErrnoException {
            if (number < 0) {
                throw new ErrnoException(call + " (no syscall number for " + NAME + ")", Errno.ENOSYS.number());
            }
            return number;
        }

        private static long pick(long x86, long generic, long ppc, long s390) {
            switch (NAME) {
                case "amd64":
                case "x86_64":
                    return x86;
                case "aarch64":
                case "riscv64":
                case "loongarch64":
                    return generic;
                case "ppc64le":
                case "ppc64":
                    return ppc;
                case "s390x":
                    return s390;
                default:
                    return -1; // answered as ENOSYS by number()
            }
        }
    }

    private static long bpf(int cmd, NativeBuffer attr) throws ErrnoException {
        long sys = Arch.number(Arch.BPF, "bpf");
        for (int eagain = 0;; eagain++) {
            long r = LibC.syscall(sys, cmd, attr.address(), BPF_ATTR_SIZE, 0, 0);
            Reference.reachabilityFence(attr);
            if (r >= 0) {
                return r;
            }
            int e = LibC.errno();
            if (e == EINTR || e == EAGAIN && cmd == BPF_PROG_LOAD && eagain < 30) {
                continue; // a load interrupted by a signal answers EAGAIN: retried, as runc
            }
            throw new ErrnoException("bpf", e);
        }
    }

    /**
     * Loads a {@code BPF_PROG_TYPE_CGROUP_DEVICE} program. When the kernel refuses it, the load is repeated with
     * the verifier's log, which then becomes the exception's message.
     *
     * @param insns the instructions
     * @param license the license string
     * @return the program's descriptor
     * @throws ErrnoException on failure, with the verifier's words where there are some
     */
    public static int bpfLoadDeviceProgram(byte[] insns, String license) throws ErrnoException {
        NativeBuffer code = NativeBuffer.allocate(insns.length);
        code.put(0, insns, 0, insns.length);
        byte[] lic = (license + "\0").getBytes(StandardCharsets.US_ASCII);
        NativeBuffer licMem = NativeBuffer.allocate(lic.length);
        licMem.put(0, lic, 0, lic.length);
        NativeBuffer attr = NativeBuffer.allocate(BPF_ATTR_SIZE);
        attr.putInt(0, BPF_PROG_TYPE_CGROUP_DEVICE);
        attr.putInt(4, insns.length / 8);
        attr.putLong(8, code.address());
        attr.putLong(16, licMem.address());
        try {
            return (int) bpf(BPF_PROG_LOAD, attr);
        } catch (ErrnoException first) {
            return loadWithLog(attr);
        } finally {
            Reference.reachabilityFence(code); // the kernel reads them during the call
            Reference.reachabilityFence(licMem);
        }
    }

    private static int loadWithLog(NativeBuffer attr) throws ErrnoException {
        {
            NativeBuffer log = NativeBuffer.allocate(64 * 1024);
            attr.putInt(24, 1); // log_level
            attr.putInt(28, (int) log.size());
            attr.putLong(32, log.address());
            try {
                return (int) bpf(BPF_PROG_LOAD, attr);
            } catch (ErrnoException again) {
                String verifier = log.cString(0).strip();
                throw new ErrnoException("bpf(BPF_PROG_LOAD)" + (verifier.isEmpty() ? "" : ": " + verifier),
                        again.errno());
            } finally {
                Reference.reachabilityFence(log);
            }
        }
    }

    /**
     * @param cgroupFd a cgroup v2 directory, opened for reading
     * @return the ids of the device programs attached to it
     * @throws ErrnoException on failure
     */
    public static int[] bpfQueryDevicePrograms(int cgroupFd) throws ErrnoException {
        for (int size = 64;; size *= 4) {
            NativeBuffer ids = NativeBuffer.allocate(4L * size);
            NativeBuffer attr = NativeBuffer.allocate(BPF_ATTR_SIZE);
            attr.putInt(0, cgroupFd);
            attr.putInt(4, BPF_CGROUP_DEVICE);
            attr.putLong(16, ids.address());
            attr.putInt(24, size);
            try {
                bpf(BPF_PROG_QUERY, attr);
                Reference.reachabilityFence(ids);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOSPC.number() && size < 65536) {
                    continue;
                }
                throw e;
            }
            int[] out = new int[attr.getInt(24)];
            for (int i = 0; i < out.length; i++) {
                out[i] = ids.getInt(4L * i);
            }
            return out;
        }
    }

    /**
     * @param id a program id
     * @return a descriptor of it
     * @throws ErrnoException on failure (EPERM when a security module hides it)
     */
    public static int bpfProgramFd(int id) throws ErrnoException {
        NativeBuffer attr = NativeBuffer.allocate(BPF_ATTR_SIZE);
        attr.putInt(0, id);
        return (int) bpf(BPF_PROG_GET_FD_BY_ID, attr);
    }

    /**
     * Attaches a device program to a cgroup.
     *
     * @param cgroupFd the cgroup directory
     * @param progFd the program
     * @param flags {@link #BPF_F_ALLOW_MULTI}, with {@link #BPF_F_REPLACE} to replace {@code replaceFd}
     * @param replaceFd the program replaced, or -1
     * @throws ErrnoException on failure
     */
    public static void bpfAttachDeviceProgram(int cgroupFd, int progFd, int flags, int replaceFd)
            throws ErrnoException {
        NativeBuffer attr = NativeBuffer.allocate(BPF_ATTR_SIZE);
        attr.putInt(0, cgroupFd);
        attr.putInt(4, progFd);
        attr.putInt(8, BPF_CGROUP_DEVICE);
        attr.putInt(12, flags);
        if (replaceFd >= 0) {
            attr.putInt(16, replaceFd);
        }
        bpf(BPF_PROG_ATTACH, attr);
    }

    /**
     * @param cgroupFd the cgroup directory
     * @param progFd the program to detach
     * @throws ErrnoException on failure
     */
    public static void bpfDetachDeviceProgram(int cgroupFd, int progFd) throws ErrnoException {
        NativeBuffer attr = NativeBuffer.allocate(BPF_ATTR_SIZE);
        attr.putInt(0, cgroupFd);
        attr.putInt(4, progFd);
        attr.putInt(8, BPF_CGROUP_DEVICE);
        bpf(BPF_PROG_DETACH, attr);
    }

    // ---- events: eventfd, inotify, poll

    /** O_RDWR. */
    public static final int O_RDWR = 2;
    /** O_NONBLOCK. */
    public static final int O_NONBLOCK = 0x800;
    /** POLLIN. */
    public static final short POLLIN = 0x1;
    /** POLLPRI. */
    public static final short POLLPRI = 0x2;
    /** POLLERR. */
    public static final short POLLERR = 0x8;
    /** POLLHUP. */
    public static final short POLLHUP = 0x10;
    /** POLLNVAL. */
    public static final short POLLNVAL = 0x20;
    /** IN_MODIFY. */
    public static final int IN_MODIFY = 0x2;
    /** IN_IGNORED (the watch went: the file was removed). */
    public static final int IN_IGNORED = 0x8000;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int IN_CLOEXEC = 0x80000;
    private static final int IN_NONBLOCK = 0x800;

    /**
     * @return a new eventfd (counter 0, close-on-exec)
     * @throws ErrnoException on failure
     */
    public static int eventfd() throws ErrnoException {
        int fd = LibC.eventfd(0, EFD_CLOEXEC);
        if (fd < 0) {
            throw new ErrnoException("eventfd", LibC.errno());
        }
        return fd;
    }

    /**
     * @return a new inotify instance (non-blocking, close-on-exec)
     * @throws ErrnoException on failure
     */
    public static int inotifyInit() throws ErrnoException {
        int fd = LibC.inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0) {
            throw new ErrnoException("inotify_init1", LibC.errno());
        }
        return fd;
    }

    /**
     * @param fd an inotify instance
     * @param path a file
     * @param mask the events
     * @return the watch descriptor
     * @throws ErrnoException on failure
     */
    public static int inotifyAddWatch(int fd, String path, int mask) throws ErrnoException {
        int wd = LibC.inotify_add_watch(fd, BUFFERS.get().path(path).address(), mask);
        if (wd < 0) {
            throw new ErrnoException("inotify_add_watch", LibC.errno());
        }
        return wd;
    }

    /**
     * {@code poll(2)} until one of the descriptors is ready; EINTR is retried.
     *
     * @param fds the descriptors
     * @param events what to wait for, one per descriptor
     * @param timeoutMillis -1 for no time limit
     * @return what happened on each ({@code revents})
     * @throws ErrnoException on failure
     */
    public static short[] poll(int[] fds, short[] events, int timeoutMillis) throws ErrnoException {
        NativeBuffer m = NativeBuffer.allocate(8L * fds.length);
        for (int i = 0; i < fds.length; i++) {
            m.putInt(8L * i, fds[i]);
            m.putShort(8L * i + 4, events[i]);
        }
        while (true) {
            int n = LibC.poll(m.address(), fds.length, timeoutMillis);
            Reference.reachabilityFence(m);
            if (n >= 0) {
                short[] out = new short[fds.length];
                for (int i = 0; i < fds.length; i++) {
                    out[i] = m.getShort(8L * i + 6);
                }
                return out;
            }
            int e = LibC.errno();
            if (e != EINTR) {
                throw new ErrnoException("poll", e);
            }
        }
    }

    /**
     * Reads an eventfd's counter (8 bytes), which resets it.
     *
     * @param fd the eventfd
     * @return the counter
     * @throws ErrnoException on failure
     */
    public static long readEventfd(int fd) throws ErrnoException {
        NativeBuffer m = BUFFERS.get().word;
        while (true) {
            long n = LibC.read(fd, m.address(), 8);
            if (n == 8) {
                return m.getLong(0);
            }
            int e = LibC.errno();
            if (n >= 0 || e != EINTR) {
                throw new ErrnoException("read", n >= 0 ? EIO_SHORT : e);
            }
        }
    }

    private static final int EIO_SHORT = 5;

    /**
     * Adds one to an eventfd's counter (wakes a poller).
     *
     * @param fd the eventfd
     * @throws ErrnoException on failure
     */
    public static void signalEventfd(int fd) throws ErrnoException {
        NativeBuffer m = BUFFERS.get().word;
        m.putLong(0, 1);
        if (LibC.write(fd, m.address(), 8) != 8) {
            throw new ErrnoException("write", LibC.errno());
        }
    }

    /**
     * Drains a non-blocking inotify descriptor.
     *
     * @param fd the inotify instance
     * @return the events read, each {watch descriptor, mask}
     * @throws ErrnoException on failure other than "nothing more" (EAGAIN)
     */
    public static List<int[]> drainInotify(int fd) throws ErrnoException {
        List<int[]> masks = new java.util.ArrayList<>();
        NativeBuffer m = NativeBuffer.allocate(4096);
        while (true) {
            long n = LibC.read(fd, m.address(), 4096);
            Reference.reachabilityFence(m);
            if (n < 0) {
                int e = LibC.errno();
                if (e == EAGAIN) {
                    return masks;
                }
                if (e == EINTR) {
                    continue;
                }
                throw new ErrnoException("read", e);
            }
            // struct inotify_event { int wd; uint32_t mask; uint32_t cookie; uint32_t len; char name[]; }
            for (long off = 0; off + 16 <= n;) {
                masks.add(new int[] {m.getInt(off), m.getInt(off + 4)});
                off += 16 + (m.getInt(off + 12) & 0xffffffffL);
            }
        }
    }

}
