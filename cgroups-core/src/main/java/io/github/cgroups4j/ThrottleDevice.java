package io.github.cgroups4j;

/**
 * A per-device block I/O throttle ({@code blkio.throttle.*_device} on v1, {@code io.max} on v2).
 *
 * @param major device major number
 * @param minor device minor number
 * @param rate bytes or I/O operations per second, {@code >= 0} (0 removes the limit on v1)
 */
public record ThrottleDevice(long major, long minor, long rate) {
    /** Checks the fields. */
    public ThrottleDevice {
        Resources.checkDevice("blkio throttle device", major, minor);
        if (rate < 0) {
            throw new IllegalArgumentException("blkio throttle " + major + ":" + minor + " rate: " + rate + " is negative");
        }
    }

    /**
     * @param key {@code rbps}, {@code wbps}, {@code riops} or {@code wiops}
     * @return {@code MAJ:MIN key=RATE} for {@code io.max}
     */
    public String toV2(String key) {
        return major + ":" + minor + " " + key + "=" + rate;
    }

    /** @return {@code MAJ:MIN RATE} for a v1 {@code blkio.throttle.*} file */
    public String toV1() {
        return major + ":" + minor + " " + rate;
    }
}
