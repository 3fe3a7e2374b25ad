package io.github.cgroups4j.testkit;

import io.github.cgroups4j.Errno;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A failure to inject into a {@link FakeCgroupFs}: the {@code nth} operation of a kind whose path matches a glob
 * fails with an errno, once or from then on. {@code *} matches within one path component, {@code **} across
 * components; the path is {@code dir/file} for file operations and {@code dir} for directory ones.
 */
public final class Fault {
    private final FakeOp.Kind kind;
    private final String glob;
    private final Pattern pattern;
    private Errno errno = Errno.EIO;
    private int nth = 1;
    private boolean always;
    private int seen;
    private int fired;

    private Fault(FakeOp.Kind kind, String glob) {
        this.kind = Objects.requireNonNull(kind);
        this.glob = Objects.requireNonNull(glob);
        this.pattern = Pattern.compile(toRegex(glob));
    }

    /**
     * @param kind the operation kind
     * @param glob e.g. {@code /sys/fs/cgroup/memory/**}{@code /memory.limit_in_bytes}
     * @return a fault failing the first match once with EIO (change with the other methods)
     */
    public static Fault on(FakeOp.Kind kind, String glob) {
        return new Fault(kind, glob);
    }

    /** @param e the errno to fail with @return this */
    public Fault errno(Errno e) {
        errno = Objects.requireNonNull(e);
        return this;
    }

    /** @param n fail the n-th matching operation (1-based) @return this */
    public Fault nth(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("nth: " + n + " must be at least 1");
        }
        nth = n;
        return this;
    }

    /** @return this fault, failing only the n-th match (the default) */
    public Fault once() {
        always = false;
        return this;
    }

    /** @return this fault, failing the n-th match and every one after it */
    public Fault always() {
        always = true;
        return this;
    }

    /** @return how many operations this fault failed */
    public synchronized int fired() {
        return fired;
    }

    /** Returns the errno to fail with, or 0. Called under the fake's lock. */
    synchronized int check(FakeOp.Kind k, String path) {
        if (k != kind || !pattern.matcher(path).matches()) {
            return 0;
        }
        seen++;
        if (seen == nth || always && seen > nth) {
            fired++;
            return errno.number();
        }
        return 0;
    }

    static String toRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    sb.append(".*");
                    i++;
                } else {
                    sb.append("[^/]*");
                }
            } else if (c == '?') {
                sb.append("[^/]");
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "fail " + kind + " " + glob + " #" + nth + (always ? "+" : "") + " with " + errno;
    }
}
