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

    /**
     * @param device the RDMA device
     * @return the {@code rdma.max} line, e.g. {@code mlx5_0 hca_handle=3 hca_object=1000} (same on v1 and v2)
     */
    public String line(String device) {
        StringBuilder sb = new StringBuilder(device);
        hcaHandles.ifPresent(v -> sb.append(" hca_handle=").append(v));
        hcaObjects.ifPresent(v -> sb.append(" hca_object=").append(v));
        return sb.toString();
    }
}
