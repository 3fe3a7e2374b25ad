package io.github.cgroups4j.testkit;

import io.github.cgroups4j.Errno;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Building blocks for fake interface files and the kernel's value parsers. */
final class FileKit {
    /** The x86 page size, for files whose unit does not depend on the profile. */
    static final long PAGE = 4096;

    private FileKit() {
    }

    /** Throws EINVAL; for use in expressions. */
    static String fail() {
        throw einval();
    }

    static KernelError einval() {
        return new KernelError(Errno.EINVAL);
    }

    /** A read-write file whose value is kept in the node; {@code parse} canonicalises a write or throws. */
    static FakeFile value(String name, UnaryOperator<String> parse) {
        return value(name, (n, v) -> parse.apply(v));
    }

    /** Like {@link #value} where the check needs the cgroup (its parent, its other values). */
    static FakeFile value(String name, java.util.function.BiFunction<Node, String, String> parse) {
        return new FakeFile() {
            @Override
            public String read(Node n) {
                return n.values.getOrDefault(name, "") + "\n";
            }

            @Override
            public void write(Node n, String v) {
                n.values.put(name, parse.apply(n, v.strip()));
            }
        };
    }

    /** A read-only file. */
    static FakeFile ro(Function<Node, String> reader) {
        return new FakeFile() {
            @Override
            public String read(Node n) {
                return reader.apply(n);
            }

            @Override
            public void write(Node n, String v) {
                throw einval(); // as root the cgroup core answers: the file has no write handler (checked on 6.x)
            }
        };
    }

    /** A read-only file whose content is kept in the node (set by the "kernel", e.g. a statistic). */
    static FakeFile roValue(String name) {
        return ro(n -> n.values.getOrDefault(name, ""));
    }

    /** A write-only file. */
    static FakeFile wo(BiConsumer<Node, String> writer) {
        return new FakeFile() {
            @Override
            public String read(Node n) {
                throw einval(); // as root the cgroup core answers: the file has no show handler (checked on 6.x)
            }

            @Override
            public void write(Node n, String v) {
                writer.accept(n, v.strip());
            }
        };
    }

    /** A file with a custom reader and writer. */
    static FakeFile rw(Function<Node, String> reader, BiConsumer<Node, String> writer) {
        return new FakeFile() {
            @Override
            public String read(Node n) {
                return reader.apply(n);
            }

            @Override
            public void write(Node n, String v) {
                writer.accept(n, v.strip());
            }
        };
    }

    /** Parses a decimal integer in [min, max] or throws EINVAL. */
    /** Like {@link #integer} but out of range is ERANGE, as the cgroup2 core files answer (kstrtoint, then a check). */
    static long ranged(String s, long min, long max) {
        long v = integer(s, Long.MIN_VALUE, Long.MAX_VALUE);
        if (v < min || v > max) {
            throw new KernelError(Errno.ERANGE);
        }
        return v;
    }

    static long integer(String s, long min, long max) {
        if (s.isEmpty() || s.length() > 20 || !s.matches("-?[0-9]+")) {
            throw einval();
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new KernelError(Errno.ERANGE);
        }
        if (v < min || v > max) {
            throw einval();
        }
        return v;
    }

    static UnaryOperator<String> range(long min, long max) {
        return s -> Long.toString(integer(s, min, max));
    }

    /** Like {@link #range} but clamping into the range, as cpu.shares does. */
    static UnaryOperator<String> clamped(long min, long max) {
        // an unsigned value (a negative one is EINVAL, as kstrtoull), then clamped as cpu.shares is
        return s -> Long.toString(Math.max(min, Math.min(max, integer(s, 0, Long.MAX_VALUE))));
    }

    /**
     * The kernel's memparse for memory limits: digits with an optional K/M/G/T/P/E suffix, or -1 for unlimited;
     * returns bytes rounded down to {@code unit}, saturating at the unlimited value.
     */
    static long memparse(String s, long unit) {
        long unlimited = Long.MAX_VALUE / unit * unit;
        if (s.equals("-1")) {
            return unlimited;
        }
        if (s.isEmpty() || s.length() > 24) {
            throw einval();
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw einval();
        }
        String digits = s.substring(0, i);
        String suffix = s.substring(i);
        int shift = switch (suffix) {
            case "" -> 0;
            case "k", "K" -> 10;
            case "m", "M" -> 20;
            case "g", "G" -> 30;
            case "t", "T" -> 40;
            case "p", "P" -> 50;
            case "e", "E" -> 60;
            default -> throw einval();
        };
        java.math.BigInteger b = new java.math.BigInteger(digits).shiftLeft(shift);
        if (b.compareTo(java.math.BigInteger.valueOf(unlimited)) >= 0) {
            return unlimited;
        }
        long bytes = b.longValue();
        return bytes / unit * unit;
    }

    /** A {@code MAJ:MIN} device number, or throws EINVAL. */
    static long[] device(String s) {
        int c = s.indexOf(':');
        if (c <= 0) {
            throw einval();
        }
        return new long[] {integer(s.substring(0, c), 0, 0xFFF_FFFFL), integer(s.substring(c + 1), 0, 0xFFF_FFFFL)};
    }
}
