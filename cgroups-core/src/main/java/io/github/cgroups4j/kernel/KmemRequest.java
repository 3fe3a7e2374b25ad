package io.github.cgroups4j.kernel;

import io.github.cgroups4j.Limit;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gate decides on: the kernel, the hierarchy, the kmem settings and whether the manager is creating the
 * memory cgroup or only joining it.
 *
 * @param kernelRelease the running kernel's release string (may be unparseable; the gate then refuses)
 * @param cgroupV2 whether the memory controller is on the cgroup v2 (unified) hierarchy
 * @param kernelMemory the requested kmem limit, empty when not set
 * @param kernelMemoryTcp the requested kmem TCP limit, empty when not set
 * @param memoryAssigned runc's {@code memoryAssigned}: whether the config carries any memory setting
 * @param creating whether the manager is creating the memory cgroup (true) or joining an existing one
 */
public record KmemRequest(String kernelRelease, boolean cgroupV2, Optional<Limit> kernelMemory,
        Optional<Limit> kernelMemoryTcp, boolean memoryAssigned, boolean creating) {
    /** Checks the fields. */
    public KmemRequest {
        Objects.requireNonNull(kernelRelease, "kernelRelease");
        kernelMemory = kernelMemory == null ? Optional.empty() : kernelMemory;
        kernelMemoryTcp = kernelMemoryTcp == null ? Optional.empty() : kernelMemoryTcp;
    }
}
