package io.github.cgroups4j.testkit;

import io.github.cgroups4j.Errno;

/** The errno a fake kernel operation fails with. Internal to the fake; turned into a CgroupException. */
final class KernelError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int errno;

    KernelError(Errno e) {
        super(e.name(), null, false, false);
        this.errno = e.number();
    }

    KernelError(int errno) {
        super("errno " + errno, null, false, false);
        this.errno = errno;
    }
}
