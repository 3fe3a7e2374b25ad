package io.github.cgroups4j.fs.internal.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The C library calls cgroups4j needs, JNA direct-mapped (JDK 17-21). Every pointer is a native address
 * ({@link NativeBuffer#address()}), so no call allocates; return values are raw: -1 with the errno in
 * {@link #errno()}. Only {@link Syscalls} calls these, and it keeps every buffer it passes reachable.
 *
 * <p>On JDK 22+ the multi-release jar replaces this class and {@link NativeBuffer} with a {@code java.lang.foreign}
 * implementation of the same methods ({@code src/main/java22}).
 */
final class LibC {

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    /**
     * What this boundary is built on, for {@code cgctl doctor} and the tests (a method: a constant would be compiled
     * into the caller, and the caller is the same class on every JDK).
     */
    static String implementation() {
        return "jna";
    }

    /** @return the errno of this thread's last call through this class */
    static int errno() {
        return Native.getLastError();
    }

    static native int open(long path, int flags, int mode);

    /** {@code syscall(2)} for calls glibc may not wrap (openat2, getdents64, statx, bpf). */
    static native long syscall(long number, long a, long b, long c, long d, long e);

    static native long read(int fd, long buf, long count);

    static native long write(int fd, long buf, long count);

    static native int close(int fd);

    /** {@code close(2)} whose result is not wanted (the FFM version skips the errno capture). */
    static void closeQuietly(int fd) {
        close(fd);
    }

    static native int fstatfs(int fd, long buf);

    static native int mkdirat(int dirfd, long path, int mode);

    static native int unlinkat(int dirfd, long path, int flags);

    static native int geteuid();

    static native int kill(int pid, int sig);

    static native int getpagesize();

    static native int eventfd(int initval, int flags);

    static native int inotify_init1(int flags);

    static native int inotify_add_watch(int fd, long path, int mask);

    static native int poll(long fds, long nfds, int timeout);
}
