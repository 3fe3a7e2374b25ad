package io.github.cgroups4j;

import java.util.Objects;

/**
 * One device access rule, as an OCI {@code linux.resources.devices} entry and runc's {@code devices.Rule}.
 *
 * @param type {@code 'a'} (all), {@code 'b'} (block) or {@code 'c'} (char)
 * @param major the major number, or {@link #WILDCARD}
 * @param minor the minor number, or {@link #WILDCARD}
 * @param permissions a non-empty subset of {@code "rwm"}
 * @param allow allow ({@code true}) or deny
 */
public record DeviceRule(char type, long major, long minor, String permissions, boolean allow) {
    /** The {@code *} of a device number. */
    public static final long WILDCARD = -1;

    /** Checks the fields; messages name the field and value. */
    public DeviceRule {
        if (type != 'a' && type != 'b' && type != 'c') {
            throw new IllegalArgumentException("device rule type: '" + type + "' is not one of a, b, c");
        }
        if (major < WILDCARD || minor < WILDCARD) {
            throw new IllegalArgumentException("device rule " + major + ":" + minor + ": a number is negative");
        }
        Objects.requireNonNull(permissions, "permissions");
        if (!isPermissionSet(permissions)) {
            throw new IllegalArgumentException(
                    "device rule permissions: \"" + permissions + "\" is not a non-empty subset of rwm");
        }
    }

    /** Each of r, w, m at most once, at least one: a loop, not a regex (every rule a lifecycle makes passes here). */
    private static boolean isPermissionSet(String p) {
        int n = p.length();
        if (n == 0 || n > 3) {
            return false;
        }
        int seen = 0;
        for (int i = 0; i < n; i++) {
            char c = p.charAt(i);
            int bit = c == 'r' ? 1 : c == 'w' ? 2 : c == 'm' ? 4 : 0;
            if (bit == 0 || (seen & bit) != 0) {
                return false;
            }
            seen |= bit;
        }
        return true;
    }

    /**
     * @param type a, b or c
     * @param major major number or {@link #WILDCARD}
     * @param minor minor number or {@link #WILDCARD}
     * @param permissions subset of rwm
     * @return an allow rule
     */
    public static DeviceRule allow(char type, long major, long minor, String permissions) {
        return new DeviceRule(type, major, minor, permissions, true);
    }

    /**
     * @param type a, b or c
     * @param major major number or {@link #WILDCARD}
     * @param minor minor number or {@link #WILDCARD}
     * @param permissions subset of rwm
     * @return a deny rule
     */
    public static DeviceRule deny(char type, long major, long minor, String permissions) {
        return new DeviceRule(type, major, minor, permissions, false);
    }

    /** @return the rule as v1's {@code devices.allow}/{@code devices.deny} take it, e.g. {@code c 1:3 rwm} */
    public String toV1() {
        return type + " " + num(major) + ":" + num(minor) + " " + permissions;
    }

    private static String num(long n) {
        return n == WILDCARD ? "*" : Long.toString(n);
    }
}
