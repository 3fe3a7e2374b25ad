package io.github.cgroups4j;

import java.util.OptionalInt;

/**
 * A per-device block I/O weight ({@code blkio.weight_device}, {@code blkio.leaf_weight_device}).
 *
 * @param major device major number
 * @param minor device minor number
 * @param weight weight 10..1000, or empty
 * @param leafWeight leaf weight 10..1000, or empty
 */
public record WeightDevice(long major, long minor, OptionalInt weight, OptionalInt leafWeight) {
    /** Checks the fields. */
    public WeightDevice {
        Resources.checkDevice("blkioWeightDevice", major, minor);
        weight = weight == null ? OptionalInt.empty() : weight;
        leafWeight = leafWeight == null ? OptionalInt.empty() : leafWeight;
        weight.ifPresent(w -> Resources.checkRange("blkioWeightDevice " + major + ":" + minor + " weight", w, 10, 1000));
        leafWeight.ifPresent(
                w -> Resources.checkRange("blkioWeightDevice " + major + ":" + minor + " leafWeight", w, 10, 1000));
    }

    /** @return {@code "MAJ:MIN WEIGHT"} for {@code blkio.weight_device}; requires a weight */
    public String weightString() {
        return major + ":" + minor + " " + weight.orElseThrow();
    }

    /** @return {@code "MAJ:MIN LEAFWEIGHT"} for {@code blkio.leaf_weight_device}; requires a leaf weight */
    public String leafWeightString() {
        return major + ":" + minor + " " + leafWeight.orElseThrow();
    }
}
