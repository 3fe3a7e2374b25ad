package io.github.cgroups4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.kernel.KernelVersion;
import io.github.cgroups4j.kernel.KmemDecision;
import io.github.cgroups4j.kernel.KmemGate;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.kernel.KmemRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code cgctl kmem-gate}: the gate's decision and reason, for this kernel or a given one.
 *
 * <p>Its picocli model is built in code, not read from annotations as the other commands' are: this is the command
 * node tooling runs in a loop, and reading annotations makes the JVM generate a proxy class per annotation type
 * (about 45 ms of a 0.25 s start, measured). {@link #spec()} gives the same options, help and defaults.
 */
final class KmemGateCommand implements Callable<Integer> {
    static final String NAME = "kmem-gate";
    static final String DESCRIPTION = "Would kernel-memory accounting be enabled here (or on --kernel)? Without "
            + "--kernel-memory the answer is for kernelMemory not set (what a node does by default), followed by "
            + "what a non-zero request would get.";

    private final Host host;
    private final OptionSpec kernel = string("--kernel", "RELEASE", null,
            "A kernel release (default: this machine's).");
    private final OptionSpec kernelMemory = string("--kernel-memory", "SIZE", null,
            "The requested limit (0 = none asked).");
    private final OptionSpec policy = string("--policy", "POLICY", "gated", "gated, disabled, legacy.");
    private final OptionSpec minimum = string("--minimum-kernel", "VERSION", "4.3",
            "The gate's minimum kernel (default 4.3).");
    private final OptionSpec v2 = flag("--v2", "Ask for a cgroup v2 memory controller.");
    private final OptionSpec join = flag("--join",
            "The manager joins an existing memory cgroup instead of creating it.");
    private final OptionSpec json = flag("--json", "Print a JSON object.");

    KmemGateCommand(Host host) {
        this.host = host;
    }

    /** @return this command's model: its options, and {@code -h}/{@code -V} as picocli's standard mixin has them */
    CommandSpec spec() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name(NAME).version(Cgctl.VERSION);
        spec.usageMessage().description(DESCRIPTION);
        Cgctl.addStandardHelpOptions(spec);
        for (OptionSpec o : List.of(kernel, kernelMemory, policy, minimum, v2, join, json)) {
            spec.addOption(o);
        }
        return spec;
    }

    private static OptionSpec string(String name, String label, String defaultValue, String description) {
        return OptionSpec.builder(name).type(String.class).paramLabel(label).defaultValue(defaultValue)
                .description(description).build();
    }

    private static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).type(boolean.class).initialValue(false).description(description).build();
    }

    /** cgroup v2 left its development flag in Linux 4.5. */
    private static final KernelVersion CGROUP2_STABLE = KernelVersion.of(4, 5);

    /** The non-zero request shown when none was given. */
    static final Limit EXAMPLE = Limit.of(64L << 20);

    /**
     * What cgroups4j does, not the kernel's state: before 4.6 (v1) the first kmem limit written switches accounting
     * on; from 4.6 on, and on v2, accounting is the kernel's own and a written limit is only a limit.
     *
     * @param d the decision
     * @param release the kernel release
     * @param v2 whether the hierarchy is cgroup v2
     * @return e.g. {@code cgroups4j enables nothing}
     */
    static String verdict(KmemDecision d, String release, boolean v2) {
        boolean modern = KmemGate.kernelAccountsByItself(release, v2).orElse(false);
        String does;
        if (d.enableAccounting() && !modern) {
            does = "cgroups4j enables kmem accounting";
        } else if (d.enableAccounting() || d.writeLimit()) {
            does = "cgroups4j writes the kmem limit" + (modern ? " (accounting is the kernel's own from 4.6)" : "");
        } else {
            does = "cgroups4j enables nothing";
        }
        return does + (d.refused() ? " (request refused)" : "");
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
        String kernel = this.kernel.getValue();
        String kernelMemory = this.kernelMemory.getValue();
        String policy = this.policy.getValue();
        String minimum = this.minimum.getValue();
        boolean v2 = this.v2.<Boolean>getValue();
        boolean join = this.join.<Boolean>getValue();
        if (kernel != null && KernelVersion.tryParse(kernel).isEmpty()) {
            // a release the user typed is checked; the host's own is the gate's to judge (an unparsable one is
            // answered "enables nothing", as the manager would)
            throw new IllegalArgumentException("--kernel: \"" + kernel + "\" is not a kernel release such as "
                    + "3.10.0-693.el7.x86_64 or 5.15.0");
        }
        String release = kernel != null ? kernel : host.proc().kernelRelease().strip();
        Optional<KernelVersion> parsed = KernelVersion.tryParse(release);
        if (v2 && kernel != null && !parsed.orElseThrow().isAtLeast(CGROUP2_STABLE)) {
            throw new IllegalArgumentException("--v2 with --kernel " + kernel + ": cgroup v2 is a stable interface "
                    + "from Linux 4.5 on; give a newer --kernel or leave out --v2");
        }
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
        if (this.json.<Boolean>getValue()) {
            ObjectNode o = Json.object();
            o.put("kernel", release);
            o.put("kernel_parsed", parsed.map(KernelVersion::toString).orElse(null));
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
                    + (kernelMemory == null ? "not set" : kernelMemory.strip()) + ": " + verdict(d, release, v2));
            System.out.println("  " + d.reason());
            if (ifRequested != null) {
                System.out.println("if requested (e.g. --kernel-memory 64M): " + verdict(ifRequested, release, v2));
                System.out.println("  " + ifRequested.reason());
            }
        }
        return 0;
    }
}
