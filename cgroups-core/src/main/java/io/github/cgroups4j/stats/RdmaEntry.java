package io.github.cgroups4j.stats;

/**
 * RDMA counters of one device.
 *
 * @param device the device
 * @param hcaHandles HCA handles ({@link Long#MAX_VALUE} for {@code max})
 * @param hcaObjects HCA objects ({@link Long#MAX_VALUE} for {@code max})
 */
public record RdmaEntry(String device, long hcaHandles, long hcaObjects) {
}
