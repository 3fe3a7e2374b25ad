package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code /proc/<pid>/cgroup}: lines {@code hierarchy-ID:controller-list:cgroup-path}; the cgroup v2 line is
 * {@code 0::/path}. Split with a limit of 3, so a path holding {@code :} stays whole.
 *
 * @param entries the lines, in file order
 */
public record ProcCgroup(List<Entry> entries) {
    /** Copies the list. */
    public ProcCgroup {
        entries = List.copyOf(entries);
    }

    /**
     * One line.
     *
     * @param hierarchyId the hierarchy id (0 for cgroup v2)
     * @param controllers the subsystems (e.g. {@code cpu}, {@code name=systemd}); empty for cgroup v2
     * @param path the cgroup path relative to the hierarchy's root in the reader's cgroup namespace
     */
    public record Entry(int hierarchyId, List<String> controllers, String path) {
        /** Copies the list. */
        public Entry {
            controllers = List.copyOf(controllers);
        }
    }

    /**
     * @param text the file's content
     * @return the entries
     * @throws CgroupParseException for a line with fewer than two colons or a bad hierarchy id
     */
    public static ProcCgroup parse(String text) throws CgroupParseException {
        List<Entry> out = new ArrayList<>();
        for (String line : Lines.nonBlank(text)) {
            String[] p = line.split(":", 3);
            if (p.length < 3) {
                throw new CgroupParseException("/proc/<pid>/cgroup", line, "ID:CONTROLLERS:PATH");
            }
            int id = Lines.nonNegativeInt(p[0], "/proc/<pid>/cgroup", line);
            List<String> ctrls = p[1].isEmpty() ? List.of() : List.of(p[1].split(","));
            if (!p[2].startsWith("/")) {
                throw new CgroupParseException("/proc/<pid>/cgroup", line, "an absolute cgroup path");
            }
            out.add(new Entry(id, ctrls, p[2]));
        }
        return new ProcCgroup(out);
    }

    /**
     * @param subsystem a v1 subsystem name such as {@code memory} or {@code name=systemd}
     * @return the path of that hierarchy's cgroup
     */
    public Optional<String> v1Path(String subsystem) {
        for (Entry e : entries) {
            if (e.hierarchyId() != 0 && e.controllers().contains(subsystem)) {
                return Optional.of(e.path());
            }
        }
        return Optional.empty();
    }

    /** @return the cgroup v2 path (the {@code 0::} line) */
    public Optional<String> unifiedPath() {
        for (Entry e : entries) {
            if (e.hierarchyId() == 0 && e.controllers().isEmpty()) {
                return Optional.of(e.path());
            }
        }
        return Optional.empty();
    }

    /** @return subsystem name to path, as runc's {@code ParseCgroupFile} ({@code ""} for cgroup v2) */
    public Map<String, String> paths() {
        Map<String, String> out = new TreeMap<>();
        for (Entry e : entries) {
            if (e.controllers().isEmpty()) {
                out.put("", e.path());
            }
            for (String c : e.controllers()) {
                out.put(c, e.path());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
