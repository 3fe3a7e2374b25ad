package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;

/**
 * Single values of cgroup files, as runc's {@code fscommon} reads them: unsigned counters that may read
 * {@code max}, and signed values such as {@code cpu.cfs_quota_us}.
 */
public final class CgroupValues {
    /** What {@code max} (and any unsigned value above {@code Long.MAX_VALUE}) reads as. */
    public static final long MAX = Long.MAX_VALUE;

    /** {@link #parseUint(String, int, int)}'s answer for text that is not an unsigned value. */
    static final long BAD = Long.MIN_VALUE;

    private CgroupValues() {
    }

    /**
     * The allocation-free core of {@link #parseUint(String)} over {@code s[from, to)} (no surrounding blanks).
     *
     * @return the value, or {@link #BAD}
     */
    static long parseUint(CharSequence s, int from, int to) {
        int len = to - from;
        if (len == 3 && s.charAt(from) == 'm' && s.charAt(from + 1) == 'a' && s.charAt(from + 2) == 'x') {
            return MAX;
        }
        boolean negative = len > 0 && s.charAt(from) == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 20) {
            return BAD;
        }
        long v = 0;
        boolean overflow = false;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return BAD;
            }
            if (!overflow) {
                if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                    overflow = true;
                } else {
                    v = v * 10 + (c - '0');
                }
            }
        }
        if (negative) {
            return 0;
        }
        return overflow ? MAX : v;
    }

    /**
     * An unsigned 64-bit value: {@code max} and values beyond {@code Long.MAX_VALUE} read as {@link #MAX}; a
     * negative value (some kernels report transient negatives) reads as 0, as runc's {@code ParseUint}.
     *
     * @param text the file's content, surrounding white space ignored
     * @return the value
     * @throws CgroupParseException if it is not a number or {@code max}
     */
    public static long parseUint(String text) throws CgroupParseException {
        String t = text == null ? "" : text;
        int from = 0;
        int to = t.length();
        while (from < to && Character.isWhitespace(t.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(t.charAt(to - 1))) {
            to--;
        }
        long v = parseUint(t, from, to);
        if (v != BAD) {
            return v;
        }
        String s = t.substring(from, to);
        int digitsFrom = s.startsWith("-") ? 1 : 0;
        boolean allDigits = s.length() > digitsFrom && s.chars().skip(digitsFrom).allMatch(c -> c >= '0' && c <= '9');
        throw new CgroupParseException("value", s, allDigits ? "an unsigned 64-bit number"
                : "an unsigned number or max");
    }

    /**
     * {@link #parseUint(String)} of a file's bytes, without making a String of them unless they are not a value (the
     * error is then the same).
     *
     * @param bytes the file's content
     * @param length how many of {@code bytes}
     * @return the value
     * @throws CgroupParseException if it is not a number or {@code max}
     */
    public static long parseUint(byte[] bytes, int length) throws CgroupParseException {
        int from = 0;
        int to = length;
        while (from < to && asciiBlank(bytes[from])) {
            from++;
        }
        while (to > from && asciiBlank(bytes[to - 1])) {
            to--;
        }
        long v = parseUint(new Ascii(bytes), from, to);
        return v != BAD ? v : parseUint(new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static boolean asciiBlank(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' || b == 0x0b;
    }

    /** Bytes as chars, for the parser's core; a non-ASCII byte is no digit, so it reads as not a value. */
    private record Ascii(byte[] bytes) implements CharSequence {
        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public char charAt(int index) {
            return (char) (bytes[index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(bytes, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A signed 64-bit value; {@code max} reads as {@link #MAX}.
     *
     * @param text the file's content
     * @return the value
     * @throws CgroupParseException if it is not a number in range or {@code max}
     */
    public static long parseInt(String text) throws CgroupParseException {
        String s = text == null ? "" : text.strip();
        if (s.equals("max")) {
            return MAX;
        }
        if (s.isEmpty() || s.length() > 20 || !isSignedDigits(s)) {
            throw new CgroupParseException("value", s, "a signed number or max");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CgroupParseException("value", s, "a signed 64-bit number");
        }
    }

    private static boolean isSignedDigits(String s) {
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i == s.length()) {
            return false;
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A white-space separated list of unsigned values, as {@code cpuacct.usage_percpu} holds.
     *
     * @param text the file's content
     * @return the values in order
     * @throws CgroupParseException for a field that is not an unsigned number
     */
    public static java.util.List<Long> parseUintList(String text) throws CgroupParseException {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (String f : Lines.fields(text == null ? "" : text.replace('\n', ' '))) {
            out.add(parseUint(f));
        }
        return out;
    }
}
