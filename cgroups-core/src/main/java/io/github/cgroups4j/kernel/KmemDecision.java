package io.github.cgroups4j.kernel;

import java.util.Objects;

/**
 * The gate's answer: what the memory controller may do, and why.
 *
 * @param enableAccounting write {@code 1} then {@code -1} to {@code memory.kmem.limit_in_bytes} of the cgroup just
 *     created, before any task joins
 * @param writeLimit write the {@code kernelMemory} limit to {@code memory.kmem.limit_in_bytes}
 * @param writeTcpLimit write the {@code kernelMemoryTcp} limit to {@code memory.kmem.tcp.limit_in_bytes}
 * @param refused a kmem setting was requested and the gate refused it (a warning, or an error when strict)
 * @param warn whether the decision deserves a warning in the log (a refusal, or the legacy policy enabling
 *     accounting)
 * @param reason why, in one sentence
 */
public record KmemDecision(boolean enableAccounting, boolean writeLimit, boolean writeTcpLimit, boolean refused,
        boolean warn, String reason) {
    /** Checks the fields. */
    public KmemDecision {
        Objects.requireNonNull(reason, "reason");
    }
}
