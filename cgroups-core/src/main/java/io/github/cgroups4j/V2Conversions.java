package io.github.cgroups4j;

/**
 * The cgroup v1 to v2 value conversions of opencontainers/cgroups ({@code utils.go}), for the resources that are
 * defined in v1 terms: CPU shares to {@code cpu.weight}, blkio weight to {@code io.weight}, and the OCI memory+swap
 * limit to {@code memory.swap.max}. Pure functions.
 */
public final class V2Conversions {
    private V2Conversions() {
    }

    /**
     * CPU shares (2..262144) to {@code cpu.weight} (1..10000) with the current log-quadratic formula, which maps the
     * minimum, the default and the maximum exactly: 2 gives 1, 1024 gives 100, 262144 gives 10000. (runc 1.1.5's
     * linear formula, {@code 1 + ((shares - 2) * 9999) / 262142}, gave 39 for the default 1024.)
     *
     * @param shares the v1 shares
     * @return the v2 weight
     */
    public static long cpuWeightOfShares(long shares) {
        if (shares <= 2) {
            return 1;
        }
        if (shares >= 262_144) {
            return 10_000;
        }
        double l = Math.log(shares) / Math.log(2);
        double exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
        return (long) Math.ceil(Math.pow(10, exponent));
    }

    /**
     * blkio weight (10..1000) to {@code io.weight} (1..10000), linearly: {@code 1 + (w - 10) * 9999 / 990}.
     *
     * @param blkioWeight the v1 weight
     * @return the v2 weight
     */
    public static long ioWeightOfBlkioWeight(long blkioWeight) {
        return 1 + (blkioWeight - 10) * 9999 / 990;
    }

    /**
     * The OCI {@code memorySwap} (memory+swap) to {@code memory.swap.max} (swap alone), as opencontainers'
     * {@code ConvertMemorySwapToCgroupV2Value}.
     *
     * @param memorySwap memory+swap in bytes, -1 for unlimited, 0 for not set
     * @param memory memory in bytes, -1 for unlimited, 0 for not set
     * @return the swap limit: -1 for {@code max}, 0 for not set, otherwise bytes
     * @throws IllegalArgumentException when swap is set without memory, or below it
     */
    public static long swapOfMemorySwap(long memorySwap, long memory) {
        if (memory == -1 && memorySwap == 0) {
            return -1; // unlimited memory without a swap setting: swap unlimited too, as on v1
        }
        if (memorySwap == -1 || memorySwap == 0 || memory == -1) {
            return memorySwap;
        }
        if (memory == 0) {
            throw new IllegalArgumentException("memorySwap: cannot set a swap limit without a memory limit on "
                    + "cgroup v2 (memorySwap is memory+swap)");
        }
        if (memorySwap < memory) {
            throw new IllegalArgumentException("memorySwap: " + memorySwap + " is below memory " + memory);
        }
        return memorySwap - memory;
    }
}
