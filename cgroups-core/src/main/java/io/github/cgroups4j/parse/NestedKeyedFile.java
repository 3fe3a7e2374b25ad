package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nested keyed files, {@code KEY SUB=VAL SUB=VAL ...} a line: {@code io.stat} ({@code 8:0 rbytes=1 wbytes=2}),
 * {@code io.max}, {@code rdma.max}, {@code rdma.current}. Values are read with
 * {@link CgroupValues#parseUint(String)} ({@code max} reads as {@link CgroupValues#MAX}).
 */
public final class NestedKeyedFile {
    private NestedKeyedFile() {
    }

    /**
     * @param what the file's name, for messages
     * @param text the file's content
     * @return key to (sub-key to value), in file order
     * @throws CgroupParseException for a field that is not {@code SUB=VAL}
     */
    public static Map<String, Map<String, Long>> parse(String what, String text) throws CgroupParseException {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (String line : Lines.nonBlank(text)) {
            List<String> f = Lines.fields(line);
            Map<String, Long> sub = new LinkedHashMap<>();
            for (int i = 1; i < f.size(); i++) {
                String kv = f.get(i);
                int eq = kv.indexOf('=');
                if (eq <= 0 || eq == kv.length() - 1) {
                    throw new CgroupParseException(what, line, "KEY SUB=VALUE ...");
                }
                try {
                    sub.put(kv.substring(0, eq), CgroupValues.parseUint(kv.substring(eq + 1)));
                } catch (CgroupParseException e) {
                    throw new CgroupParseException(what, line, "KEY SUB=VALUE ... with unsigned values or max");
                }
            }
            out.put(f.get(0), Collections.unmodifiableMap(sub));
        }
        return Collections.unmodifiableMap(out);
    }
}
