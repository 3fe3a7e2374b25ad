package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /proc/cgroups}: {@code subsys_name hierarchy num_cgroups enabled} a line, with a {@code #} header.
 * {@code num_cgroups} counts live cgroups only: memory cgroups whose ID is still held after {@code rmdir} (the kmem
 * leak of 3.10 el7 kernels) do not show here.
 *
 * @param rows the controllers, in file order
 */
public record ProcCgroups(List<Row> rows) {
    /** Copies the list. */
    public ProcCgroups {
        rows = List.copyOf(rows);
    }

    /**
     * One controller.
     *
     * @param subsystem its name
     * @param hierarchy the hierarchy id (0 when not mounted on v1, or on cgroup v2)
     * @param numCgroups live cgroups in the hierarchy
     * @param enabled whether the controller is enabled
     */
    public record Row(String subsystem, int hierarchy, long numCgroups, boolean enabled) {
    }

    /**
     * @param text the file's content
     * @return the rows
     * @throws CgroupParseException for a row without four numeric-tailed fields
     */
    public static ProcCgroups parse(String text) throws CgroupParseException {
        List<Row> out = new ArrayList<>();
        for (String line : Lines.nonBlank(text)) {
            if (line.startsWith("#")) {
                continue;
            }
            List<String> f = Lines.fields(line);
            if (f.size() != 4) {
                throw new CgroupParseException("/proc/cgroups", line, "subsys_name hierarchy num_cgroups enabled");
            }
            int h = Lines.nonNegativeInt(f.get(1), "/proc/cgroups", line);
            long n = Lines.nonNegativeInt(f.get(2), "/proc/cgroups", line);
            int en = Lines.nonNegativeInt(f.get(3), "/proc/cgroups", line);
            if (en > 1) {
                throw new CgroupParseException("/proc/cgroups", line, "enabled 0 or 1");
            }
            out.add(new Row(f.get(0), h, n, en == 1));
        }
        return new ProcCgroups(out);
    }

    /**
     * @param subsystem a controller name
     * @return its row
     */
    public Optional<Row> row(String subsystem) {
        return rows.stream().filter(r -> r.subsystem().equals(subsystem)).findFirst();
    }
}
