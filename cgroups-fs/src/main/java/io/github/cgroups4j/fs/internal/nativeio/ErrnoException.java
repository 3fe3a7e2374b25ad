package io.github.cgroups4j.fs.internal.nativeio;

import io.github.cgroups4j.Errno;

/**
 * A failed system call and its errno; callers turn it into a CgroupException with the cgroup, file and value.
 *
 * <p>Cheap to make, as an expected failure (EEXIST of a mkdir, ENOENT of a probe) is on the hot paths: no stack
 * trace, and the message is built only when someone asks for it.
 */
public final class ErrnoException extends Exception {
    private static final long serialVersionUID = 2L;

    private final String call;
    private final int errno;

    /**
     * @param call the call that failed, e.g. {@code openat2}
     * @param errno its errno
     */
    public ErrnoException(String call, int errno) {
        super(null, null, false, false);
        this.call = call;
        this.errno = errno;
    }

    /** @return {@code "openat2: ENOENT (No such file or directory)"} */
    @Override
    public String getMessage() {
        return call + ": " + Errno.describe(errno);
    }

    /** @return the errno */
    public int errno() {
        return errno;
    }
}
