package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.stats.NumaPages;
import io.github.cgroups4j.stats.PageUsageByNuma;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * cgroup v1 {@code memory.numa_stat}: lines {@code total=N N0=A N1=B}, {@code file=...}, {@code anon=...},
 * {@code unevictable=...} and their {@code hierarchical_} forms. Lines of other kinds, and lines whose first field has no
 * {@code =} (custom kernels' {@code numa_locality 0 0 0}), are skipped as runc does; known lines are parsed strictly.
 */
public final class NumaStat {
    private static final java.util.Set<String> KNOWN = java.util.Set.of("total", "file", "anon", "unevictable",
            "hierarchical_total", "hierarchical_file", "hierarchical_anon", "hierarchical_unevictable");

    private NumaStat() {
    }

    /**
     * @param text the file's content
     * @return the page counts by kind and node
     * @throws CgroupParseException for a malformed field of a known line
     */
    public static PageUsageByNuma parse(String text) throws CgroupParseException {
        Map<String, NumaPages> kinds = new HashMap<>();
        for (String line : Lines.nonBlank(text)) {
            List<String> f = Lines.fields(line);
            int eq = f.get(0).indexOf('=');
            if (eq <= 0) {
                continue; // custom kernels' lines such as "numa_locality 0 0 0": skipped, as runc does
            }
            String kind = f.get(0).substring(0, eq);
            if (!KNOWN.contains(kind)) {
                continue; // a kind this reader does not know (a newer kernel): skipped, as runc does
            }
            long total = CgroupValues.parseUint(f.get(0).substring(eq + 1));
            Map<Integer, Long> nodes = new HashMap<>();
            for (int i = 1; i < f.size(); i++) {
                String kv = f.get(i);
                int e = kv.indexOf('=');
                if (e < 2 || kv.charAt(0) != 'N') {
                    throw new CgroupParseException("memory.numa_stat", line, "N<node>=<pages> fields");
                }
                nodes.put(Lines.nonNegativeInt(kv.substring(1, e), "memory.numa_stat", line),
                        CgroupValues.parseUint(kv.substring(e + 1)));
            }
            kinds.put(kind, new NumaPages(total, nodes));
        }
        return new PageUsageByNuma(get(kinds, "total"), get(kinds, "file"), get(kinds, "anon"),
                get(kinds, "unevictable"), get(kinds, "hierarchical_total"), get(kinds, "hierarchical_file"),
                get(kinds, "hierarchical_anon"), get(kinds, "hierarchical_unevictable"));
    }

    private static NumaPages get(Map<String, NumaPages> m, String k) {
        return m.getOrDefault(k, NumaPages.ZERO);
    }
}
