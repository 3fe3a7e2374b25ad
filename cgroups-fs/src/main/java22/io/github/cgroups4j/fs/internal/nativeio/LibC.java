package io.github.cgroups4j.fs.internal.nativeio;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The C library calls cgroups4j needs: the JDK 22+ version, {@code java.lang.foreign} downcalls (the base version,
 * JNA, serves JDK 17-21). Same methods, same contract: pointers are native addresses, return values raw, the errno
 * in {@link #errno()} (captured by the downcall itself, {@code Linker.Option.captureCallState}).
 *
 * <p>{@code Linker.Option.critical} (no thread-state transition) only for calls that cannot wait: {@code geteuid},
 * {@code getpagesize}, {@code eventfd}, {@code inotify_init1}, {@code fstatfs}. A critical call holds off every
 * safepoint of the JVM (a GC waits for it), and the file calls can wait: a read of {@code /proc/PID/cgroup} takes the
 * kernel's cgroup mutex before 6.8, a cgroup2 {@code memory.stat} flushes statistics, closing an inotify descriptor
 * waits for an SRCU grace period, writes reclaim memory or take the threadgroup lock, {@code mkdir}/{@code rmdir} the
 * cgroup mutex. In a container runtime's JVM a stalled GC costs more than the transition saves (tens of nanoseconds
 * a call). Handles are made on first use, one holder class per group, so a short command links only what it calls.
 */
final class LibC {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final long ERRNO = CAPTURE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(CAPTURE));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    private LibC() {
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("no " + name + " in the C library"));
    }

    private static MethodHandle handle(String name, boolean critical, FunctionDescriptor fd, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + (critical ? 2 : 1)];
        System.arraycopy(more, 0, options, 0, more.length);
        options[more.length] = ERRNO_OPTION;
        if (critical) {
            options[more.length + 1] = Linker.Option.critical(false);
        }
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    /** A handle that leaves errno where it is: for a call whose failure nobody reads. */
    private static MethodHandle handleIgnoringErrno(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd);
    }

    private static FunctionDescriptor fn(ValueLayout ret, ValueLayout... args) {
        return FunctionDescriptor.of(ret, args);
    }

    private static Error rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    /**
     * What this boundary is built on, for {@code cgctl doctor} and the tests (a method: a constant would be compiled
     * into the caller, and the caller is the same class on every JDK).
     */
    static String implementation() {
        return "ffm";
    }

    /** @return the errno of this thread's last call through this class */
    static int errno() {
        return STATE.get().get(JAVA_INT, ERRNO);
    }

    /** What every command uses: files. */
    private static final class Files {
        static final MethodHandle OPEN = handle("open", false, fn(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        static final MethodHandle READ = handle("read", false, fn(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle CLOSE = handle("close", false, fn(JAVA_INT, JAVA_INT));
        /** Every file read or written is closed so: no errno capture (a lifecycle closes ~100 descriptors). */
        static final MethodHandle CLOSE_QUIETLY = handleIgnoringErrno("close", fn(JAVA_INT, JAVA_INT));
    }

    /** Linking a downcall costs milliseconds at first use: fstatfs only when a mount is checked. */
    private static final class Fstatfs {
        static final MethodHandle FSTATFS = handle("fstatfs", true, fn(JAVA_INT, JAVA_INT, JAVA_LONG));
    }

    /** Managing cgroups: openat2 and getdents64 (through syscall), writes, mkdir, rmdir. */
    private static final class Tree {
        static final FunctionDescriptor SYSCALL_DESCRIPTOR = fn(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                JAVA_LONG, JAVA_LONG);
        static final MethodHandle SYSCALL = handle("syscall", false, Tree.SYSCALL_DESCRIPTOR,
                Linker.Option.firstVariadicArg(1));
        static final MethodHandle WRITE = handle("write", false, fn(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle MKDIRAT = handle("mkdirat", false, fn(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle UNLINKAT = handle("unlinkat", false,
                fn(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));
    }

    /** Rarely called, or calls that may wait. */
    private static final class Other {
        static final MethodHandle GETEUID = handle("geteuid", true, FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle GETPAGESIZE = handle("getpagesize", true, FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle KILL = handle("kill", false, fn(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle EVENTFD = handle("eventfd", true, fn(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle INOTIFY_INIT1 = handle("inotify_init1", true, fn(JAVA_INT, JAVA_INT));
        static final MethodHandle INOTIFY_ADD_WATCH = handle("inotify_add_watch", false,
                fn(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle POLL = handle("poll", false, fn(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    }

    static int open(long path, int flags, int mode) {
        try {
            return (int) Files.OPEN.invokeExact(STATE.get(), path, flags, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code syscall(2)} for calls glibc may not wrap (openat2, getdents64, statx, bpf). */
    static long syscall(long number, long a, long b, long c, long d, long e) {
        try {
            return (long) Tree.SYSCALL.invokeExact(STATE.get(), number, a, b, c, d, e);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long read(int fd, long buf, long count) {
        try {
            return (long) Files.READ.invokeExact(STATE.get(), fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long write(int fd, long buf, long count) {
        try {
            return (long) Tree.WRITE.invokeExact(STATE.get(), fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(int fd) {
        try {
            return (int) Files.CLOSE.invokeExact(STATE.get(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code close(2)} whose result and errno are not wanted (errno is left as it was). */
    static void closeQuietly(int fd) {
        try {
            int ignored = (int) Files.CLOSE_QUIETLY.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fstatfs(int fd, long buf) {
        try {
            return (int) Fstatfs.FSTATFS.invokeExact(STATE.get(), fd, buf);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int mkdirat(int dirfd, long path, int mode) {
        try {
            return (int) Tree.MKDIRAT.invokeExact(STATE.get(), dirfd, path, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int unlinkat(int dirfd, long path, int flags) {
        try {
            return (int) Tree.UNLINKAT.invokeExact(STATE.get(), dirfd, path, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int geteuid() {
        try {
            return (int) Other.GETEUID.invokeExact(STATE.get());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int kill(int pid, int sig) {
        try {
            return (int) Other.KILL.invokeExact(STATE.get(), pid, sig);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getpagesize() {
        try {
            return (int) Other.GETPAGESIZE.invokeExact(STATE.get());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int eventfd(int initval, int flags) {
        try {
            return (int) Other.EVENTFD.invokeExact(STATE.get(), initval, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int inotify_init1(int flags) {
        try {
            return (int) Other.INOTIFY_INIT1.invokeExact(STATE.get(), flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int inotify_add_watch(int fd, long path, int mask) {
        try {
            return (int) Other.INOTIFY_ADD_WATCH.invokeExact(STATE.get(), fd, path, mask);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int poll(long fds, long nfds, int timeout) {
        try {
            return (int) Other.POLL.invokeExact(STATE.get(), fds, nfds, timeout);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
