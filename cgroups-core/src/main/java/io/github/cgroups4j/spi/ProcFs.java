package io.github.cgroups4j.spi;

import io.github.cgroups4j.CgroupException;

/**
 * The seam for what cgroups4j reads from procfs. Implementations return the raw text; the pure parsers of
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
}
