package io.github.cgroups4j;

import java.util.OptionalLong;

/**
 * RDMA limits of one device ({@code rdma.max}).
 *
 * @param hcaHandles maximum HCA handles (0..2^32-1), or empty
 * @param hcaObjects maximum HCA objects (0..2^32-1), or empty
 */
public record RdmaLimit(OptionalLong hcaHandles, OptionalLong hcaObjects) {
    /** Checks the fields. */
    public RdmaLimit {
        hcaHandles = hcaHandles == null ? OptionalLong.empty() : hcaHandles;
        hcaObjects = hcaObjects == null ? OptionalLong.empty() : hcaObjects;
        hcaHandles.ifPresent(v -> Resources.checkRange("rdma hcaHandles", v, 0, 0xFFFF_FFFFL));
        hcaObjects.ifPresent(v -> Resources.checkRange("rdma hcaObjects", v, 0, 0xFFFF_FFFFL));
    }
}
