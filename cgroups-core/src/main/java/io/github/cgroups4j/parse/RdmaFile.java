package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.stats.RdmaEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code rdma.max} and {@code rdma.current} (the same on cgroup v1 and v2): one line per device,
 * {@code mlx5_0 hca_handle=2 hca_object=2000}; {@code max} reads as 4294967295 (MaxUint32), as runc.
 */
public final class RdmaFile {
    private RdmaFile() {
    }

    /**
     * @param file the file name, for messages
     * @param text its content
     * @return one entry per device
     * @throws CgroupParseException for a malformed line
     */
    public static List<RdmaEntry> parse(String file, String text) throws CgroupParseException {
        List<RdmaEntry> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> e : NestedKeyedFile.parse(file, text).entrySet()) {
            out.add(new RdmaEntry(e.getKey(), uint32(e.getValue().getOrDefault("hca_handle", CgroupValues.MAX)),
                    uint32(e.getValue().getOrDefault("hca_object", CgroupValues.MAX))));
        }
        return out;
    }

    private static long uint32(long v) {
        return v == CgroupValues.MAX ? 0xFFFF_FFFFL : v;
    }
}
