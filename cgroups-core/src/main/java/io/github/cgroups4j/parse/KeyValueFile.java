package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : Lines.nonBlank(text)) {
            List<String> f = Lines.fields(line);
            if (f.size() != 2) {
                throw new CgroupParseException(what, line, "\"key value\"");
            }
            try {
                out.put(f.get(0), CgroupValues.parseUint(f.get(1)));
            } catch (CgroupParseException e) {
                throw new CgroupParseException(what, line, "\"key value\" with an unsigned value or max");
            }
        }
        return Collections.unmodifiableMap(out);
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
