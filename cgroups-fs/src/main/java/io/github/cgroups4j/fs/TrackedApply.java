package io.github.cgroups4j.fs;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;

/**
 * A cgroupfs manager whose {@code apply} can be undone after it succeeded: the seam through which the systemd driver
 * creates and joins what systemd does not manage, and takes back exactly that when starting the unit fails.
 */
public interface TrackedApply extends CgroupManager {
    /**
     * {@link #apply(long)}, reporting what it did. A failure rolls back as {@code apply} does.
     *
     * @param pid a process id or {@link #NO_PID}
     * @return where the process was and what the call created
     * @throws CgroupException as {@link #apply(long)}
     */
    Applied applyTracked(long pid) throws CgroupException;

    /**
     * Where a process is now, in this manager's hierarchies, as an {@link Applied} that created nothing: passed to
     * {@link #undo(Applied)} it moves the process back there.
     *
     * @param pid a process id
     * @return its cgroups, per hierarchy key
     * @throws CgroupException if {@code /proc/<pid>/cgroup} cannot be read
     */
    Applied locate(long pid) throws CgroupException;

    /**
     * Takes back a successful {@link #applyTracked(long)}: moves the process back where it was and removes, leaves
     * first and with {@code rmdir} only, the directories that call created (one already gone counts as removed; one
     * that gained a sub-cgroup meanwhile stays, with a warning).
     *
     * @param applied what {@code applyTracked} returned
     * @throws CgroupException the first failure; the others are suppressed into it
     */
    void undo(Applied applied) throws CgroupException;
}
