package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.fs.Applied;
import io.github.cgroups4j.fs.TrackedApply;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What of a cgroup exists already, and what a command will have created: cgctl removes only that. */
final class Ownership {
    private Ownership() {
    }

    /**
     * A systemd unit of the manager's name (running, failed, or a unit file): cgctl does not take it over, reset it
     * or change it.
     */
    static void refuseExistingUnit(CgroupManager m, String name) throws CgroupException {
        if (m instanceof io.github.cgroups4j.systemd.SystemdManager s) {
            java.util.Optional<String> state = s.existingUnit();
            if (state.isPresent()) {
                throw new CliError(Cgctl.FAILED, "unit " + s.unit() + " exists (" + state.get() + "); it is not "
                        + "cgctl's to take over: choose another name" + (state.get().endsWith("failed")
                        ? " (or systemctl reset-failed " + s.unit() + " if it is yours)" : ""));
            }
        }
    }

    /**
     * After an apply of a cgroup that did not exist when cgctl looked: when a directory of it was not created by
     * that apply (someone made the cgroup in between, and the apply joined theirs as runc's does), the apply is
     * taken back (the directories it did create go) and the command refused, before any limit is written.
     */
    static void requireCreated(TrackedApply m, Applied applied, String name, CgroupFs fs) throws CgroupException {
        List<String> theirs = new ArrayList<>();
        byDirectory(m).forEach((dir, names) -> {
            // a join-only hierarchy whose directory could not be made (errors there are ignored, as runc's) is
            // not someone else's: only a directory that is there and not made by this apply is
            if (!applied.created().contains(dir) && fs.exists(dir)) {
                theirs.addAll(names);
            }
        });
        if (theirs.isEmpty()) {
            return;
        }
        CliError refused = new CliError(Cgctl.FAILED, "cgroup " + name + " appeared while cgctl was creating it ("
                + String.join(", ", theirs) + "); it is not cgctl's: nothing of it was changed, choose another name");
        try {
            m.undo(applied);
        } catch (CgroupException e) {
            refused.addSuppressed(e);
        }
        throw refused;
    }

    /** @return the hierarchies (v1 names, {@code cgroup2}) in which the manager's cgroup exists now */
    static List<String> existingIn(CgroupManager m, CgroupFs fs) {
        List<String> out = new ArrayList<>();
        byDirectory(m).forEach((dir, names) -> {
            if (fs.exists(dir)) {
                out.addAll(names);
            }
        });
        return out;
    }

    /** @return the manager's distinct directories, each with the hierarchies (v1 names, {@code cgroup2}) it serves */
    private static Map<String, List<String>> byDirectory(CgroupManager m) {
        Map<String, List<String>> byDir = new LinkedHashMap<>();
        m.paths().forEach((k, dir) -> byDir.computeIfAbsent(dir, d -> new ArrayList<>())
                .add(k.isEmpty() ? "cgroup2" : k));
        return byDir;
    }

    /**
     * The directories an apply will create: for each of the manager's paths, the path and every missing parent up
     * to the first one that exists, deepest first.
     */
    static List<String> missing(CgroupManager m, CgroupFs fs) {
        Set<String> out = new LinkedHashSet<>();
        for (String dir : new LinkedHashSet<>(m.paths().values())) {
            for (String d = dir; d.lastIndexOf('/') > 0 && !fs.exists(d); d = d.substring(0, d.lastIndexOf('/'))) {
                out.add(d);
            }
        }
        List<String> deepestFirst = new ArrayList<>(out);
        deepestFirst.sort((a, b) -> Long.compare(b.chars().filter(c -> c == '/').count(),
                a.chars().filter(c -> c == '/').count()));
        return deepestFirst;
    }

    /**
     * Removes, with {@code rmdir} only, the parents a command created that are still there (the cgroup itself is
     * gone by then). A parent that someone else has put a cgroup in meanwhile stays.
     *
     * @return what could not be removed, with why; empty when everything went
     */
    static List<String> removeParents(List<String> createdDeepestFirst, CgroupFs fs) {
        List<String> left = new ArrayList<>();
        for (String d : createdDeepestFirst) {
            try {
                fs.rmdir(d);
            } catch (CgroupException e) {
                if (!e.is(io.github.cgroups4j.Errno.ENOENT)) {
                    left.add(d + " (" + e.errno().map(Enum::name).orElse("error") + ")");
                }
            }
        }
        return left;
    }
}
