package io.github.cgroups4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cgroups4j.kernel.KmemPolicy;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cgctl simulate}: the incident on the fake kernel, with the other policy for contrast. Runs anywhere. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Simulate pod churn on a fake kernel (no root needed): where mkdir fails "
        + "with ENOSPC, and memory cgroups alive against IDs in use; then the other policy for contrast.")
final class SimulateCommand implements Callable<Integer> {
    /** About a minute of churn on this project's build machines: a simulation, not a soak test. */
    static final int MAX_PODS = 1_000_000;

    @Option(names = "--kernel", paramLabel = "RELEASE", defaultValue = "3.10.0-514.10.2.el7.x86_64",
            description = "The kernel to behave like (default CentOS 7.3's 3.10.0-514.10.2.el7.x86_64).")
    String kernel;

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "legacy", description = "legacy (runc rc3..rc93: always), gated (the fix) or disabled (runc 1.0+: never).")
    String policy;

    @Option(names = "--pods", paramLabel = "N", required = true, description = "Pods to create and delete.")
    int pods;

    @Option(names = "--cgroups-per-pod", paramLabel = "N", defaultValue = "3",
            description = "Memory cgroups per pod: the pod and N-1 containers (default 3).")
    int perPod;

    @Option(names = "--id-cap", paramLabel = "N", defaultValue = "65535",
            description = "Memory cgroup IDs the kernel has (default 65535).")
    int cap;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (pods < 0 || pods > MAX_PODS) {
            throw new IllegalArgumentException("--pods " + pods + ": from 0 to " + MAX_PODS);
        }
        if (perPod < 1 || perPod > 100) {
            throw new IllegalArgumentException("--cgroups-per-pod " + perPod + ": from 1 to 100");
        }
        if (cap < 4 || cap > 1_000_000) {
            throw new IllegalArgumentException("--id-cap " + cap + ": from 4 to 1000000");
        }
        KmemPolicy p = LimitOptions.policy(policy, "--policy");
        KmemPolicy other = p == KmemPolicy.LEGACY_ALWAYS ? KmemPolicy.GATED : KmemPolicy.LEGACY_ALWAYS;
        Simulation.Result r = Simulation.run(kernel, p, pods, perPod, cap, progress(p));
        Simulation.Result contrast = Simulation.run(kernel, other, pods, perPod, cap, progress(other));
        if (json) {
            ObjectNode o = node(r);
            o.set("contrast", node(contrast));
            System.out.println(Json.pretty(o));
        } else {
            System.out.println("kernel " + kernel + ", " + pods + " pods of " + perPod + " memory cgroups, "
                    + cap + " memory cgroup IDs");
            print(r);
            System.out.println("for contrast:");
            print(contrast);
        }
        return 0;
    }

    private java.util.function.IntConsumer progress(KmemPolicy p) {
        if (!progressBar()) {
            return done -> {
            };
        }
        PrintStream err = System.err;
        int step = Math.max(1, pods / 50);
        return done -> {
            if (done % step == 0 || done == pods) {
                int bar = (int) ((long) done * 30 / Math.max(1, pods));
                err.print("\r" + String.format("%-14s", p) + " [" + "#".repeat(bar) + ".".repeat(30 - bar) + "] "
                        + done + "/" + pods + " pods");
                if (done == pods) {
                    err.println();
                }
                err.flush();
            }
        };
    }

    /** The bar is drawn only where a person watches: standard error on a terminal (overridable for tests). */
    boolean progressBar() {
        return Posix.stderrIsTerminal();
    }

    private static ObjectNode node(Simulation.Result r) {
        ObjectNode o = Json.object();
        o.put("policy", r.policy().name());
        o.put("pods_requested", r.podsRequested());
        o.put("pods_completed", r.podsCompleted());
        if (r.enospcAtPod() == null) {
            o.putNull("enospc_at_pod");
        } else {
            o.put("enospc_at_pod", r.enospcAtPod());
        }
        o.put("num_cgroups", r.numCgroups());
        o.put("ids_in_use", r.idsInUse());
        o.put("id_cap", r.idCap());
        o.put("leaked_ids", r.idsInUse() - r.numCgroups());
        return o;
    }

    private static void print(Simulation.Result r) {
        System.out.println("  " + r.policy() + ": " + r.podsCompleted() + " of " + r.podsRequested() + " pods completed"
                + (r.enospcAtPod() == null ? ", no ENOSPC" : "; pod " + r.enospcAtPod() + " failed: " + r.error()));
        System.out.println("    /proc/cgroups memory num_cgroups " + r.numCgroups() + ", memory cgroup IDs in use "
                + r.idsInUse() + " of " + r.idCap() + " (" + (r.idsInUse() - r.numCgroups())
                + " held by deleted cgroups)");
    }
}
