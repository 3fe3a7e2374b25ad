package io.github.cgroups4j.kernel;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Limit;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The kernel-memory gate: the one place that decides whether kmem accounting is enabled and kmem limits are
 * written. {@link #decide} is a pure function; {@link #enforce} logs the decision and, when strict, turns a refusal
 * into an error.
 *
 * <p>Why it exists: on RHEL/CentOS 7 kernels (3.10) a memory cgroup with kmem accounting never frees its cgroup ID
 * on {@code rmdir}; after 65535 of them {@code mkdir} fails with {@code ENOSPC}. runc v1.0.0-rc3..rc93 enabled
 * accounting on every memory cgroup it created. The gate enables it only on request and on kernels from 4.3 on.
 *
 * @param policy the policy
 * @param minimumKernel the oldest kernel {@link KmemPolicy#GATED} allows kmem on
 */
public record KmemGate(KmemPolicy policy, KernelVersion minimumKernel) {
    /** The default minimum kernel of {@link KmemPolicy#GATED}: 4.3. */
    public static final KernelVersion DEFAULT_MINIMUM = KernelVersion.of(4, 3);

    /**
     * From 4.6 on (commit b313aeee2509) a cgroup v1 memory cgroup accounts kernel memory by itself, as a cgroup v2 one
     * does, unless the kernel was booted with {@code cgroup.memory=nokmem}. Before, v1 accounting stayed off until a
     * kmem limit was written in the cgroup or in an accounted ancestor it inherits from: that write is what the gate
     * controls.
     */
    private static final KernelVersion ACCOUNTS_BY_ITSELF = KernelVersion.of(4, 6);

    /**
     * Whether the kernel accounts kernel memory in every memory cgroup by itself (unless booted with
     * {@code cgroup.memory=nokmem}): on cgroup v2 always, on v1 from 4.6 on. Before
     * 4.6, v1 accounts only where a kmem limit was written, in the cgroup or an accounted ancestor.
     *
     * @param release the kernel release
     * @param cgroupV2 whether the memory hierarchy is cgroup v2
     * @return the answer; empty for a v1 release that cannot be parsed
     */
    public static Optional<Boolean> kernelAccountsByItself(String release, boolean cgroupV2) {
        if (cgroupV2) {
            return Optional.of(true);
        }
        return KernelVersion.tryParse(release).map(k -> k.isAtLeast(ACCOUNTS_BY_ITSELF));
    }

    /** Checks the fields. */
    public KmemGate {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(minimumKernel, "minimumKernel");
    }

    /**
     * @param policy the policy
     * @return a gate with the default minimum kernel 4.3
     */
    public static KmemGate of(KmemPolicy policy) {
        return new KmemGate(policy, DEFAULT_MINIMUM);
    }

    /**
     * Decides. Pure: same request, same decision.
     *
     * @param r the request
     * @return the decision with its reason
     */
    public KmemDecision decide(KmemRequest r) {
        boolean kmem = isNonZero(r.kernelMemory());
        boolean tcp = isNonZero(r.kernelMemoryTcp());
        boolean requested = kmem || tcp;
        String what = requested ? describe(r) : "";
        switch (policy) {
            case DISABLED:
                return requested
                        ? refuse(what + " refused: kmem policy DISABLED never enables kernel-memory accounting")
                        : none(notEnabled("kmem policy DISABLED", r));
            case LEGACY_ALWAYS:
                if (r.cgroupV2()) {
                    return requested
                            ? refuse(what + " refused: cgroup v2 has no kernel-memory limit")
                            : none(notEnabled("kmem policy LEGACY_ALWAYS", r));
                }
                boolean enable = r.creating() && r.memoryAssigned();
                String why = enable
                        ? "kmem policy LEGACY_ALWAYS (runc rc3..rc93): enabling kernel-memory accounting on a memory "
                                + "cgroup it creates with memory settings, whatever the kernel (leaks memory cgroup "
                                + "IDs on 3.10 el7 kernels)"
                        : r.creating()
                                ? notEnabled("kmem policy LEGACY_ALWAYS, no memory setting", r)
                                : "kmem policy LEGACY_ALWAYS: joining an existing cgroup, its accounting is left as it is";
                return new KmemDecision(enable, kmem, tcp, false, enable, why);
            case GATED:
            default:
                if (!requested) {
                    boolean zero = r.kernelMemory().isPresent() || r.kernelMemoryTcp().isPresent();
                    return none(notEnabled(zero ? "kernelMemory is 0" : "kernelMemory not set", r));
                }
                if (r.cgroupV2()) {
                    return refuse(what + " refused: cgroup v2 has no kernel-memory limit");
                }
                Optional<KernelVersion> k = KernelVersion.tryParse(r.kernelRelease());
                if (k.isEmpty()) {
                    return refuse(what + " refused: kernel release \"" + r.kernelRelease().strip()
                            + "\" cannot be parsed, so the kernel cannot be shown to be >= " + minimumKernel.major()
                            + "." + minimumKernel.minor());
                }
                if (!k.get().isAtLeast(minimumKernel)) {
                    return refuse(what + " refused: kernel " + k.get() + " is older than " + minimumKernel.major()
                            + "." + minimumKernel.minor() + (k.get().isEl7()
                                    ? " (on 3.10 el7 kernels kmem accounting leaks memory cgroup IDs until mkdir "
                                            + "fails with ENOSPC)"
                                    : minimumKernel.equals(DEFAULT_MINIMUM)
                                            ? " (kmem accounting is unreliable before 4.3)"
                                            : " (the minimum kernel this gate was configured with)"));
                }
                // accounting is switched on only in a cgroup this call creates, before any task joins (runc did
                // the same); an existing cgroup keeps its accounting, and its limit is written by set only
                return new KmemDecision(kmem && r.creating(), kmem, tcp, false, false, what + " allowed: kernel "
                        + k.get() + " >= " + minimumKernel.major() + "." + minimumKernel.minor() + " on cgroup v1"
                        + (kmem && !r.creating() ? " (existing cgroup: apply does not switch accounting on; set "
                                + "writes the limit)" : "")
                        + (kmem && k.get().isAtLeast(ACCOUNTS_BY_ITSELF) ? " (this kernel accounts kernel memory "
                                + "in every memory cgroup anyway, since 4.6," + NOKMEM + ")" : ""));
        }
    }

    /**
     * Logs the decision (a warning when it deserves one, debug otherwise) and, when {@code strict}, fails on a
     * refusal.
     *
     * @param decision the decision
     * @param strict whether a refused kmem setting is an error
     * @param cgroup the cgroup, for the message
     * @param log where to log
     * @throws CgroupException when strict and the decision is a refusal
     */
    public static void enforce(KmemDecision decision, boolean strict, String cgroup, Logger log)
            throws CgroupException {
        if (decision.refused() && strict) {
            throw new CgroupException(CgroupException.Operation.SET, cgroup, "memory.kmem.limit_in_bytes",
                    decision.reason() + " (strict kmem)");
        }
        if (decision.warn()) {
            log.warn("{}: {}", cgroup, decision.reason());
        } else {
            log.debug("{}: {}", cgroup, decision.reason());
        }
    }

    private static boolean isNonZero(Optional<Limit> l) {
        return l.isPresent() && (l.get().isUnlimited() || l.get().value() != 0);
    }

    private static String describe(KmemRequest r) {
        StringBuilder sb = new StringBuilder();
        if (isNonZero(r.kernelMemory())) {
            sb.append("kernelMemory=").append(r.kernelMemory().get());
        }
        if (isNonZero(r.kernelMemoryTcp())) {
            sb.append(sb.length() > 0 ? " " : "").append("kernelMemoryTcp=").append(r.kernelMemoryTcp().get());
        }
        return sb.toString();
    }

    private static final String NOKMEM = " unless booted with cgroup.memory=nokmem";

    /**
     * Why nothing is enabled, in words true of the kernel at hand: before 4.6 on cgroup v1 accounting stays off unless
     * something writes a kmem limit; from 4.6 on, and on cgroup v2 (any release), the kernel accounts by itself. On
     * cgroup v1 a release that cannot be parsed gets no claim about the kernel.
     */
    private static String notEnabled(String head, KmemRequest r) {
        String none = head + ": cgroups4j enables nothing";
        Optional<Boolean> byItself = kernelAccountsByItself(r.kernelRelease(), r.cgroupV2());
        if (byItself.isEmpty()) {
            return none;
        }
        String kernel = r.cgroupV2() ? "cgroup v2" : "kernel " + KernelVersion.parse(r.kernelRelease());
        return byItself.get()
                ? none + " (" + kernel + (r.cgroupV2() ? "" : " >= 4.6") + " accounts kernel memory in every memory "
                        + "cgroup by itself," + NOKMEM + ")"
                : none + " (on " + kernel + " accounting stays off unless a kmem limit is written in the cgroup or in "
                        + "an accounted ancestor)";
    }

    private static KmemDecision none(String reason) {
        return new KmemDecision(false, false, false, false, false, reason);
    }

    private static KmemDecision refuse(String reason) {
        return new KmemDecision(false, false, false, true, true, reason);
    }
}
