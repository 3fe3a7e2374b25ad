package io.github.cgroups4j.fs.internal.nativeio;

import io.github.cgroups4j.Errno;

/** A failed system call and its errno; callers turn it into a CgroupException with the cgroup, file and value. */
public final class ErrnoException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param call the call that failed, e.g. {@code openat2}
     * @param errno its errno
     */
    public ErrnoException(String call, int errno) {
        super(call + ": " + Errno.describe(errno), null, false, false);
        this.errno = errno;
    }

    /** @return the errno */
    public int errno() {
        return errno;
    }
}
