package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.kernel.KmemDecision;

/**
 * What kernel memory came to on a manager's memory cgroup.
 *
 * @param decision the gate's last decision, with its reason
 * @param accountingEnabled whether {@code 1}/{@code -1} was written to enable accounting at creation
 * @param limitWritten whether a {@code kernelMemory} limit was written
 * @param ignoredByKernel whether the kernel accepted the limit but reads back something else (6.x ignores it)
 */
public record KmemReport(KmemDecision decision, boolean accountingEnabled, boolean limitWritten,
        boolean ignoredByKernel) {
}
