package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flat keyed files, one {@code key value} pair a line: {@code memory.stat}, {@code cpu.stat},
 * {@code memory.events}, {@code memory.oom_control}, {@code cpuacct.stat}, {@code pids.events}, ...
 * Values are read with {@link CgroupValues#parseUint(String)}.
 */
public final class KeyValueFile {
    private KeyValueFile() {
    }

    /**
     * @param what the file's name, for messages
     * @param text the file's content
     * @return key to value, in file order; a repeated key keeps its last value
     * @throws CgroupParseException for a line that is not {@code key value}
     */
    public static Map<String, Long> parse(String what, String text) throws CgroupParseException {
        Map<String, Long> out = new LinkedHashMap<>(64);
        if (text == null) {
            return Collections.unmodifiableMap(out);
        }
        int n = text.length();
        int i = 0;
        while (i < n) {
            int eol = text.indexOf('\n', i);
            if (eol < 0) {
                eol = n;
            }
            int ks = skipBlanks(text, i, eol);
            if (ks < eol) {
                int ke = skipWord(text, ks, eol);
                int vs = skipBlanks(text, ke, eol);
                int ve = skipWord(text, vs, eol);
                if (vs == ve || skipBlanks(text, ve, eol) != eol) {
                    throw new CgroupParseException(what, text.substring(i, eol), "\"key value\"");
                }
                long v = CgroupValues.parseUint(text, vs, ve);
                if (v == CgroupValues.BAD) {
                    throw new CgroupParseException(what, text.substring(i, eol),
                            "\"key value\" with an unsigned value or max");
                }
                out.put(text.substring(ks, ke), v);
            }
            i = eol + 1;
        }
        return Collections.unmodifiableMap(out);
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static int skipBlanks(String s, int from, int to) {
        while (from < to && blank(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int skipWord(String s, int from, int to) {
        while (from < to && !blank(s.charAt(from))) {
            from++;
        }
        return from;
    }

    /**
     * runc's {@code GetValueByKey}: one key's value.
     *
     * @param what the file's name, for messages
     * @param text the file's content
     * @param key the key
     * @return its value, or 0 when absent
     * @throws CgroupParseException for a malformed line
     */
    public static long valueOf(String what, String text, String key) throws CgroupParseException {
        Long v = parse(what, text).get(key);
        return v == null ? 0 : v;
    }
}
