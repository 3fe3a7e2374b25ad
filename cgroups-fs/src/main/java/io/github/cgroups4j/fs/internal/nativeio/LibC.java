package io.github.cgroups4j.fs.internal.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library calls cgroups4j needs, JNA direct-mapped. Return values are raw: -1 (or NULL) with errno in
 * {@link Native#getLastError()}. Only {@link Syscalls} calls these.
 */
final class LibC {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    static native int open(String path, int flags, int mode);

    static native long syscall(long number, int dirfd, Pointer path, Pointer how, long size);

    static native long syscall(long number, long cmd, Pointer attr, long size);

    static native long read(int fd, Pointer buf, long count);

    static native long write(int fd, Pointer buf, long count);

    static native int close(int fd);

    static native int fstatfs(int fd, Pointer buf);

    static native int mkdirat(int dirfd, Pointer path, int mode);

    static native int unlinkat(int dirfd, Pointer path, int flags);

    static native Pointer fdopendir(int fd);

    static native Pointer readdir(Pointer dir);

    static native int closedir(Pointer dir);

    static native int geteuid();

    static native int kill(int pid, int sig);

    static native int getpagesize();

    static native int eventfd(int initval, int flags);

    static native int inotify_init1(int flags);

    static native int inotify_add_watch(int fd, String path, int mask);

    static native int poll(Pointer fds, long nfds, int timeout);
}
