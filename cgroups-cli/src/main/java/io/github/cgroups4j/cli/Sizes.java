package io.github.cgroups4j.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/** Byte sizes as people type them ({@code 64M}, {@code 1.5G}, {@code 4096}) and as the summary prints them. */
final class Sizes {
    private Sizes() {
    }

    /**
     * @param s a number with an optional K, M, G, T, P or E suffix (powers of 1024; {@code KB}/{@code KiB}/{@code Ki} forms too), or
     *     {@code -1} / {@code max} for unlimited; a fraction needs a unit ({@code 1.5G}, not {@code 1.5})
     * @return bytes, or -1 for unlimited
     * @throws IllegalArgumentException naming the text
     */
    static long parse(String s) {
        String t = s.strip().toUpperCase(Locale.ROOT);
        if (t.equals("-1") || t.equals("MAX")) {
            return -1;
        }
        if (t.endsWith("IB") && t.length() > 2 && "KMGTPE".indexOf(t.charAt(t.length() - 3)) >= 0) {
            t = t.substring(0, t.length() - 2); // 64MiB -> 64M
        } else if (t.endsWith("I") && t.length() > 1 && "KMGTPE".indexOf(t.charAt(t.length() - 2)) >= 0) {
            t = t.substring(0, t.length() - 1); // 64Mi (Kubernetes' binary suffix) -> 64M
        } else if (t.endsWith("B") && t.length() > 1) {
            t = t.substring(0, t.length() - 1); // 64MB -> 64M, 64B -> 64
        }
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'K' -> unit = 1L << 10;
            case 'M' -> unit = 1L << 20;
            case 'G' -> unit = 1L << 30;
            case 'T' -> unit = 1L << 40;
            case 'P' -> unit = 1L << 50;
            case 'E' -> unit = 1L << 60;
            default -> unit = 1;
        }
        String num = unit == 1 ? t : t.substring(0, t.length() - 1);
        if (unit == 1 && num.matches("[0-9]+\\.[0-9]+")) {
            throw new IllegalArgumentException("\"" + s + "\" is a fraction of a byte: give whole bytes, or a unit "
                    + "such as " + num + "M");
        }
        if (!num.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("\"" + s + "\" is not a size such as 64M, 1.5G or 4096");
        }
        // exact: whole bytes of the decimal times the unit (a double would round 2^53 + 1)
        BigInteger bytes = new BigDecimal(num).multiply(BigDecimal.valueOf(unit)).toBigInteger();
        if (bytes.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) >= 0) {
            throw new IllegalArgumentException("\"" + s + "\" is too large (a limit is below 8E, 2^63 bytes; -1 "
                    + "means unlimited)");
        }
        return bytes.longValueExact();
    }

    static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
