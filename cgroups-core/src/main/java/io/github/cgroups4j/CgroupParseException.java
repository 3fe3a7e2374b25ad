package io.github.cgroups4j;

/**
 * A file's content that does not have the format the kernel gives it. Thrown by the pure parsers of
 * {@link io.github.cgroups4j.parse}; it quotes the offending line.
 */
public class CgroupParseException extends CgroupException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what what was being parsed, e.g. {@code "mountinfo"} or {@code "memory.stat"}
     * @param line the offending input (shortened in the message when long)
     * @param expected what the parser expected
     */
    public CgroupParseException(String what, String line, String expected) {
        super(Operation.PARSE, null, what, null, 0, "bad line \"" + shorten(line) + "\": expected " + expected, null);
    }

    private static String shorten(String s) {
        String t = s == null ? "" : s;
        return (t.length() > 120 ? t.substring(0, 120) + "..." : t).replace("\n", "\\n");
    }
}
