package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.stats.BlkioStatEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * cgroup v1 blkio statistics files: {@code MAJ:MIN Op VALUE} lines ({@code 8:0 Read 4096}), or {@code MAJ:MIN VALUE}
 * for files without an operation ({@code blkio.time_recursive}, {@code blkio.sectors_recursive}); the
 * {@code Total N} summary line is skipped, as runc does.
 */
public final class BlkioStatFile {
    private BlkioStatFile() {
    }

    /**
     * @param what the file's name, for messages
     * @param text the file's content
     * @return the entries, in file order
     * @throws CgroupParseException for a line of another shape
     */
    public static List<BlkioStatEntry> parse(String what, String text) throws CgroupParseException {
        List<BlkioStatEntry> out = new ArrayList<>();
        for (String line : Lines.nonBlank(text)) {
            List<String> f = Lines.fields(line);
            if (f.size() == 2 && f.get(0).equals("Total")) {
                continue;
            }
            if (f.size() != 2 && f.size() != 3) {
                throw new CgroupParseException(what, line, "MAJ:MIN [Op] VALUE");
            }
            String dev = f.get(0);
            int colon = dev.indexOf(':');
            if (colon <= 0) {
                throw new CgroupParseException(what, line, "a device MAJ:MIN");
            }
            long major = Lines.nonNegativeInt(dev.substring(0, colon), what, line);
            long minor = Lines.nonNegativeInt(dev.substring(colon + 1), what, line);
            String op = f.size() == 3 ? f.get(1) : "";
            out.add(new BlkioStatEntry(major, minor, op, CgroupValues.parseUint(f.get(f.size() - 1))));
        }
        return out;
    }
}
