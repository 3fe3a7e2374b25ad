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
        PageUsageByNuma fast = text == null ? null : scan(text);
        return fast != null ? fast : parseByLines(text);
    }

    private static final String[] KINDS = {"total", "file", "anon", "unevictable", "hierarchical_total",
        "hierarchical_file", "hierarchical_anon", "hierarchical_unevictable"};

    /**
     * One pass over the text with indices: no String per line or field. Answers null for anything it does not
     * expect (a malformed field, an unknown line), and {@link #parseByLines} then answers, with its errors: the two
     * agree on every input (a property test holds them to it).
     */
    static PageUsageByNuma scan(String text) {
        NumaPages[] found = new NumaPages[KINDS.length];
        int n = text.length();
        int i = 0;
        while (i < n) {
            int eol = text.indexOf('\n', i);
            if (eol < 0) {
                eol = n;
            }
            int s = i;
            while (s < eol && text.charAt(s) == ' ') {
                s++;
            }
            if (s < eol) {
                int eq = text.indexOf('=', s);
                if (eq <= s || eq >= eol) {
                    return null;
                }
                int kind = kind(text, s, eq);
                if (kind < 0 || found[kind] != null) {
                    return null;
                }
                int e = eq + 1;
                while (e < eol && text.charAt(e) != ' ') {
                    e++;
                }
                long total = CgroupValues.parseUint(text, eq + 1, e);
                if (total == CgroupValues.BAD) {
                    return null;
                }
                Map<Integer, Long> nodes = new HashMap<>();
                int f = e;
                while (f < eol) {
                    while (f < eol && text.charAt(f) == ' ') {
                        f++;
                    }
                    if (f == eol) {
                        break;
                    }
                    if (text.charAt(f) != 'N') {
                        return null;
                    }
                    int node = 0;
                    int d = f + 1;
                    while (d < eol && d - f <= 9 && text.charAt(d) >= '0' && text.charAt(d) <= '9') {
                        node = node * 10 + (text.charAt(d) - '0');
                        d++;
                    }
                    if (d == f + 1 || d >= eol || text.charAt(d) != '=') {
                        return null;
                    }
                    int v = d + 1;
                    int ve = v;
                    while (ve < eol && text.charAt(ve) != ' ') {
                        ve++;
                    }
                    long pages = CgroupValues.parseUint(text, v, ve);
                    if (pages == CgroupValues.BAD || nodes.put(node, pages) != null) {
                        return null;
                    }
                    f = ve;
                }
                found[kind] = new NumaPages(total, nodes);
            }
            i = eol + 1;
        }
        for (int k = 0; k < found.length; k++) {
            if (found[k] == null) {
                found[k] = NumaPages.ZERO;
            }
        }
        return new PageUsageByNuma(found[0], found[1], found[2], found[3], found[4], found[5], found[6], found[7]);
    }

    private static int kind(String text, int from, int to) {
        for (int k = 0; k < KINDS.length; k++) {
            String name = KINDS[k];
            if (name.length() == to - from && text.startsWith(name, from)) {
                return k;
            }
        }
        return -1;
    }

    /** The reference reading: lines, then fields. */
    static PageUsageByNuma parseByLines(String text) throws CgroupParseException {
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
