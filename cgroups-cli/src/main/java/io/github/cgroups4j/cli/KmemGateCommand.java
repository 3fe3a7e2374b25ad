package io.github.cgroups4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.kernel.KernelVersion;
import io.github.cgroups4j.kernel.KmemDecision;
import io.github.cgroups4j.kernel.KmemGate;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.kernel.KmemRequest;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cgctl kmem-gate}: the gate's decision and reason, for this kernel or a given one. */
@Command(name = "kmem-gate", mixinStandardHelpOptions = true, description = "Would kernel-memory accounting be enabled here (or on --kernel)? Without "
        + "--kernel-memory the answer is for kernelMemory not set (what a node does by default), followed by what a "
        + "non-zero request would get.")
final class KmemGateCommand implements Callable<Integer> {
    @ParentCommand
    Cgctl parent;

    @Option(names = "--kernel", paramLabel = "RELEASE", description = "A kernel release (default: this machine's).")
    String kernel;

    @Option(names = "--kernel-memory", paramLabel = "SIZE", description = "The requested limit (0 = none asked).")
    String kernelMemory;

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "gated", description = "gated, disabled, legacy.")
    String policy;

    @Option(names = "--minimum-kernel", paramLabel = "VERSION", defaultValue = "4.3",
            description = "The gate's minimum kernel (default 4.3).")
    String minimum;

    @Option(names = "--v2", description = "Ask for a cgroup v2 memory controller.")
    boolean v2;

    @Option(names = "--join", description = "The manager joins an existing memory cgroup instead of creating it.")
    boolean join;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    /** The non-zero request shown when none was given. */
    static final Limit EXAMPLE = Limit.of(64L << 20);

    static String verdict(KmemDecision d) {
        return (d.enableAccounting() ? "ENABLED" : "not enabled") + (d.refused() ? " (request refused)" : "");
    }

    private static void put(ObjectNode o, Optional<Limit> km, KmemDecision d) {
        if (km.isEmpty()) {
            o.putNull("kernel_memory");
        } else {
            o.put("kernel_memory", km.get().toRunc());
        }
        o.put("enable", d.enableAccounting());
        o.put("write_limit", d.writeLimit());
        o.put("refused", d.refused());
        o.put("reason", d.reason());
    }

    @Override
    public Integer call() throws Exception {
        String release = kernel != null ? kernel : parent.host.proc().kernelRelease().strip();
        KmemPolicy p = LimitOptions.policy(policy, "--policy");
        KernelVersion min = KernelVersion.tryParse(minimum).orElseThrow(() -> new IllegalArgumentException(
                "--minimum-kernel: \"" + minimum + "\" is not a kernel version"));
        Optional<Limit> km = Optional.empty();
        if (kernelMemory != null) {
            long b;
            try {
                b = Sizes.parse(kernelMemory);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--kernel-memory: " + e.getMessage(), e);
            }
            km = Optional.of(b < 0 ? Limit.unlimited() : Limit.of(b));
        }
        KmemGate gate = new KmemGate(p, min);
        KmemDecision d = gate.decide(new KmemRequest(release, v2, km, Optional.empty(), true, !join));
        boolean nonZero = km.isPresent() && (km.get().isUnlimited() || km.get().value() != 0);
        KmemDecision ifRequested = nonZero ? null : gate.decide(new KmemRequest(release, v2,
                Optional.of(EXAMPLE), Optional.empty(), true, !join));
        if (json) {
            ObjectNode o = Json.object();
            o.put("kernel", release);
            o.put("kernel_parsed", KernelVersion.tryParse(release).map(KernelVersion::toString).orElse(null));
            o.put("policy", p.name());
            o.put("minimum_kernel", min.major() + "." + min.minor());
            o.put("cgroup_v2", v2);
            o.put("creating", !join);
            put(o, km, d);
            if (ifRequested != null) {
                put(o.putObject("if_requested"), Optional.of(EXAMPLE), ifRequested);
            }
            System.out.println(Json.compact(o));
        } else {
            System.out.println("kernel " + release + ", policy " + p + ", kernelMemory "
                    + km.map(Limit::toString).orElse("not set") + ": kmem accounting " + verdict(d));
            System.out.println("  " + d.reason());
            if (ifRequested != null) {
                System.out.println("if requested (e.g. --kernel-memory 64M): kmem accounting " + verdict(ifRequested));
                System.out.println("  " + ifRequested.reason());
            }
        }
        return 0;
    }
}
