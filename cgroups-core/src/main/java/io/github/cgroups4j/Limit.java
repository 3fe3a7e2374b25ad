package io.github.cgroups4j;

/**
 * A limit that is either a number or "unlimited". Where a {@link Resources} field is a {@code Limit}, "not set"
 * is an empty {@link java.util.Optional}, so the three states (not set, a number, unlimited) never collide, unlike
 * runc's {@code int64} where 0 means "not set" and -1 "unlimited".
 *
 * <p>Unlimited is written as {@code -1} to cgroup v1 files and as {@code max} to cgroup v2 files.
 */
public final class Limit {
    private static final Limit UNLIMITED = new Limit(-1);

    private final long value;

    private Limit(long value) {
        this.value = value;
    }

    /**
     * @param value a limit, {@code >= 0}
     * @return that limit
     * @throws IllegalArgumentException if {@code value < 0}; use {@link #unlimited()} for no limit
     */
    public static Limit of(long value) {
        if (value < 0) {
            throw new IllegalArgumentException(value + " is negative: use Limit.unlimited() for no limit");
        }
        return new Limit(value);
    }

    /** @return no limit */
    public static Limit unlimited() {
        return UNLIMITED;
    }

    /**
     * runc's convention: {@code -1} is unlimited, anything else {@code >= 0} is a limit.
     *
     * @param value -1 or a limit {@code >= 0}
     * @return the limit
     * @throws IllegalArgumentException for other negative values
     */
    public static Limit ofRunc(long value) {
        return value == -1 ? UNLIMITED : of(value);
    }

    /** @return whether this is "no limit" */
    public boolean isUnlimited() {
        return value < 0;
    }

    /**
     * @return the limit
     * @throws IllegalStateException if unlimited
     */
    public long value() {
        if (isUnlimited()) {
            throw new IllegalStateException("unlimited has no value");
        }
        return value;
    }

    /** @return the value, or {@code -1} when unlimited (runc's convention) */
    public long toRunc() {
        return value;
    }

    /** @return what a cgroup v1 file takes: the number, or {@code -1} */
    public String toV1() {
        return Long.toString(value);
    }

    /** @return what a cgroup v2 file takes: the number, or {@code max} */
    public String toV2() {
        return isUnlimited() ? "max" : Long.toString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Limit l && l.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return isUnlimited() ? "unlimited" : Long.toString(value);
    }
}
