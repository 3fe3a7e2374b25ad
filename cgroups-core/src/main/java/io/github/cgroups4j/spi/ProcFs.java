package io.github.cgroups4j.spi;

import io.github.cgroups4j.CgroupException;
import java.util.List;

/**
 * The seam for what cgroups4j reads of the host outside the cgroupfs (procfs, and two facts of sysfs and the
 * auxiliary vector) and for signalling processes. Implementations return the raw text; the pure parsers of
 * {@link io.github.cgroups4j.parse} make values of it.
 */
public interface ProcFs {
    /** The pid meaning "the calling process" ({@code /proc/self}). */
    long SELF = 0;

    /**
     * @return {@code /proc/self/mountinfo}
     * @throws CgroupException if it cannot be read
     */
    String mountInfo() throws CgroupException;

    /**
     * @param pid a process id, or {@link #SELF}
     * @return {@code /proc/<pid>/cgroup}
     * @throws CgroupException with ENOENT when the process does not exist
     */
    String cgroup(long pid) throws CgroupException;

    /**
     * @param pid a process id, or {@link #SELF}
     * @return {@code /proc/<pid>/status}
     * @throws CgroupException with ENOENT when the process does not exist
     */
    String status(long pid) throws CgroupException;

    /**
     * @return {@code /proc/cgroups}
     * @throws CgroupException if it cannot be read
     */
    String cgroups() throws CgroupException;

    /**
     * @return {@code /proc/sys/kernel/osrelease}
     * @throws CgroupException if it cannot be read
     */
    String kernelRelease() throws CgroupException;

    /**
     * @return the system's page size in bytes ({@code getpagesize(2)}); the default is 4096
     * @throws CgroupException if it cannot be found
     */
    default long pageSize() throws CgroupException {
        return 4096;
    }

    /**
     * @return the entries of {@code /sys/kernel/mm/hugepages} (e.g. {@code hugepages-2048kB}); empty where the
     *     kernel has no huge pages (the default)
     * @throws CgroupException if the directory exists but cannot be read
     */
    default List<String> hugePageDirectories() throws CgroupException {
        return List.of();
    }

    /**
     * Sends a signal ({@code kill(2)}).
     *
     * @param pid a process id (positive)
     * @param signal the signal number, e.g. 9 for SIGKILL
     * @throws CgroupException with the errno (ESRCH when the process is gone); the default cannot signal at all
     */
    default void kill(long pid, int signal) throws CgroupException {
        throw new CgroupException(CgroupException.Operation.KILL, null, null, Long.toString(pid), 0,
                "this ProcFs cannot signal processes", null);
    }

    /**
     * @return {@code /proc/self/uid_map}; the default is the initial user namespace's identity map
     * @throws CgroupException if it exists but cannot be read
     */
    default String uidMap() throws CgroupException {
        return "         0          0 4294967295\n";
    }

    /**
     * @return {@code /proc/cmdline}, the kernel's boot parameters; empty when not known (the default)
     * @throws CgroupException if it exists but cannot be read
     */
    default java.util.Optional<String> kernelCommandLine() throws CgroupException {
        return java.util.Optional.empty();
    }
}
