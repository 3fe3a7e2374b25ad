package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the parsers. */
final class Lines {
    private Lines() {
    }

    /** Splits on '\n', dropping empty (all-blank) lines. */
    static List<String> nonBlank(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            String line = text.substring(start, end);
            if (!line.isBlank()) {
                out.add(line);
            }
            start = end + 1;
        }
        return out;
    }

    /** Splits on runs of spaces and tabs. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > s) {
                out.add(line.substring(s, i));
            }
        }
        return out;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    /** Parses a decimal int in 0..Integer.MAX_VALUE or fails naming what. */
    static int nonNegativeInt(String s, String what, String line) throws CgroupParseException {
        if (s.isEmpty() || s.length() > 10) {
            throw new CgroupParseException(what, line, "a number");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new CgroupParseException(what, line, "a number");
            }
            v = v * 10 + (c - '0');
        }
        if (v > Integer.MAX_VALUE) {
            throw new CgroupParseException(what, line, "a number up to " + Integer.MAX_VALUE);
        }
        return (int) v;
    }
}
