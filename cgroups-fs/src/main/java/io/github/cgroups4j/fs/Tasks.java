package io.github.cgroups4j.fs;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The tasks of a cgroup, the same on v1 and v2: reading {@code cgroup.procs}, walking a subtree, killing, and this
 * process's own pid. Used by both managers; not a stable API.
 */
public final class Tasks {
    /** SIGKILL. */
    public static final int SIGKILL = 9;

    private Tasks() {
    }

    /**
     * @param fs the cgroupfs
     * @param dir a cgroup
     * @return its {@code cgroup.procs}
     * @throws CgroupException with ENOENT when the cgroup is gone
     */
    public static List<Long> read(CgroupFs fs, String dir) throws CgroupException {
        String text = fs.read(dir, "cgroup.procs");
        if (text.isEmpty()) {
            return new ArrayList<>(0); // the usual answer before a destroy (mutable, as the other answers)
        }
        List<Long> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(Long.parseLong(line.strip()));
                } catch (NumberFormatException e) {
                    throw new CgroupParseException("cgroup.procs", line, "a pid a line");
                }
            }
        }
        return out;
    }

    /**
     * Collects the tasks of {@code dir} and below; a directory that is gone (or goes meanwhile) has none.
     *
     * @param fs the cgroupfs
     * @param dir a cgroup
     * @param out where the pids go
     * @throws CgroupException if a directory cannot be read
     */
    public static void walk(CgroupFs fs, String dir, Collection<Long> out) throws CgroupException {
        List<String> children;
        try {
            out.addAll(read(fs, dir));
            children = fs.hasChildren(dir) ? fs.list(dir) : List.of();
        } catch (CgroupException e) {
            // ENODEV: the cgroup was removed between opening it and reading it (systemd removes an emptied unit's
            // cgroups while we walk them)
            if (e.is(Errno.ENOENT) || e.is(Errno.ENODEV)) {
                return;
            }
            throw e;
        }
        for (String c : children) {
            walk(fs, dir + "/" + c, out);
        }
    }

    /**
     * SIGKILLs each pid but {@code self} and 0 (a task outside this pid namespace, as cgroup2 lists it); one that
     * is already gone is fine.
     *
     * @param proc where to send signals
     * @param pids the tasks
     * @param self this process's pid
     * @throws CgroupException if a signal cannot be sent
     */
    public static void killAll(ProcFs proc, Collection<Long> pids, long self) throws CgroupException {
        for (long pid : pids) {
            if (pid == self || pid <= 0) {
                continue;
            }
            try {
                proc.kill(pid, SIGKILL);
            } catch (CgroupException e) {
                if (!e.is(Errno.ESRCH)) {
                    throw e;
                }
            }
        }
    }

    /**
     * @param proc the procfs
     * @return this process's pid, as its procfs sees it
     * @throws CgroupException if {@code /proc/self/status} cannot be read
     */
    public static long self(ProcFs proc) throws CgroupException {
        for (String line : proc.status(ProcFs.SELF).split("\n")) {
            if (line.startsWith("Pid:")) {
                return Long.parseLong(line.substring(4).strip());
            }
        }
        throw new CgroupException(CgroupException.Operation.READ, null, "/proc/self/status", "no Pid: line");
    }
}
