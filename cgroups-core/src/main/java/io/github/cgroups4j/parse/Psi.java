package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.stats.PsiData;
import io.github.cgroups4j.stats.PsiStats;
import java.util.List;

/** Pressure stall files: {@code some avg10=0.00 avg60=0.00 avg300=0.00 total=0} and a {@code full} line. */
public final class Psi {
    private Psi() {
    }

    /**
     * @param what the file's name, for messages
     * @param text the file's content
     * @return the {@code some} and {@code full} lines ({@link PsiData#ZERO} for a missing line); unknown keys are
     *     ignored
     * @throws CgroupParseException for a line that is not {@code some|full key=value ...} or a bad number
     */
    public static PsiStats parse(String what, String text) throws CgroupParseException {
        PsiData some = PsiData.ZERO;
        PsiData full = PsiData.ZERO;
        for (String line : Lines.nonBlank(text)) {
            List<String> f = Lines.fields(line);
            String kind = f.get(0);
            if (!kind.equals("some") && !kind.equals("full")) {
                throw new CgroupParseException(what, line, "a line starting with some or full");
            }
            double a10 = 0;
            double a60 = 0;
            double a300 = 0;
            long total = 0;
            for (int i = 1; i < f.size(); i++) {
                String kv = f.get(i);
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new CgroupParseException(what, line, "key=value fields");
                }
                String k = kv.substring(0, eq);
                String v = kv.substring(eq + 1);
                switch (k) {
                    case "avg10" -> a10 = decimal(what, line, v);
                    case "avg60" -> a60 = decimal(what, line, v);
                    case "avg300" -> a300 = decimal(what, line, v);
                    case "total" -> total = CgroupValues.parseUint(v);
                    default -> {
                        // a key a newer kernel may add
                    }
                }
            }
            PsiData d = new PsiData(a10, a60, a300, total);
            if (kind.equals("some")) {
                some = d;
            } else {
                full = d;
            }
        }
        return new PsiStats(some, full);
    }

    private static double decimal(String what, String line, String v) throws CgroupParseException {
        if (v.isEmpty() || v.length() > 12 || !v.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new CgroupParseException(what, line, "averages such as 1.25");
        }
        return Double.parseDouble(v);
    }
}
