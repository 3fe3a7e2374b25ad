package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupParseException;
import java.util.BitSet;

/**
 * A kernel CPU or memory-node list as {@code cpuset.cpus}, {@code cpuset.mems} and {@code Cpus_allowed_list} show
 * it: {@code 0-3,7}. Immutable; {@link #toString()} gives the canonical form.
 */
public final class CpuList {
    /** The largest CPU number accepted (the kernel's {@code NR_CPUS} is at most 8192). */
    public static final int MAX_CPU = 8191;

    private static final CpuList EMPTY = new CpuList(new BitSet());

    private final BitSet bits;

    private CpuList(BitSet bits) {
        this.bits = bits;
    }

    /** @return the empty list (an unpopulated cpuset) */
    public static CpuList empty() {
        return EMPTY;
    }

    /**
     * @param text e.g. {@code "0-3,7"}, {@code "0"}, {@code ""} (empty); surrounding white space is ignored
     * @return the list
     * @throws CgroupParseException for anything else: reversed ranges, numbers above {@link #MAX_CPU}, stray
     *     characters
     */
    public static CpuList parse(String text) throws CgroupParseException {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return EMPTY;
        }
        BitSet bits = new BitSet();
        int i = 0;
        int n = s.length();
        while (i < n) {
            int start = i;
            int lo = 0;
            while (i < n && isDigit(s.charAt(i))) {
                lo = lo * 10 + (s.charAt(i++) - '0');
                if (lo > MAX_CPU) {
                    throw bad(s, "numbers up to " + MAX_CPU);
                }
            }
            if (i == start) {
                throw bad(s, "a list such as 0-3,7");
            }
            int hi = lo;
            if (i < n && s.charAt(i) == '-') {
                i++;
                int hs = i;
                hi = 0;
                while (i < n && isDigit(s.charAt(i))) {
                    hi = hi * 10 + (s.charAt(i++) - '0');
                    if (hi > MAX_CPU) {
                        throw bad(s, "numbers up to " + MAX_CPU);
                    }
                }
                if (i == hs || hi < lo) {
                    throw bad(s, "ranges low-high with low <= high");
                }
            }
            bits.set(lo, hi + 1);
            if (i < n) {
                if (s.charAt(i) != ',' || i == n - 1) {
                    throw bad(s, "a list such as 0-3,7");
                }
                i++;
            }
        }
        return new CpuList(bits);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static CgroupParseException bad(String s, String expected) {
        return new CgroupParseException("cpu list", s, expected);
    }

    /**
     * @param cpus CPU numbers, each 0..{@link #MAX_CPU}
     * @return the list of them
     */
    public static CpuList of(int... cpus) {
        BitSet b = new BitSet();
        for (int c : cpus) {
            if (c < 0 || c > MAX_CPU) {
                throw new IllegalArgumentException("cpu " + c + " is out of range [0, " + MAX_CPU + "]");
            }
            b.set(c);
        }
        return new CpuList(b);
    }

    /** @return whether no CPU is listed */
    public boolean isEmpty() {
        return bits.isEmpty();
    }

    /** @return how many CPUs are listed */
    public int size() {
        return bits.cardinality();
    }

    /**
     * @param cpu a CPU number
     * @return whether it is listed
     */
    public boolean contains(int cpu) {
        return cpu >= 0 && bits.get(cpu);
    }

    /** @return the listed CPUs in ascending order */
    public int[] toArray() {
        return bits.stream().toArray();
    }

    /**
     * @param other another list
     * @return whether every CPU of {@code other} is in this one
     */
    public boolean containsAll(CpuList other) {
        BitSet b = (BitSet) other.bits.clone();
        b.andNot(bits);
        return b.isEmpty();
    }

    /** @return the canonical form, e.g. {@code 0-3,7}; empty string for the empty list */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int i = bits.nextSetBit(0);
        while (i >= 0) {
            int end = bits.nextClearBit(i) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = bits.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuList c && c.bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }
}
