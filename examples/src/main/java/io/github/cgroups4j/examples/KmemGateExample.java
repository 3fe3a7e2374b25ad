package io.github.cgroups4j.examples;

import io.github.cgroups4j.Limit;
import io.github.cgroups4j.kernel.KmemDecision;
import io.github.cgroups4j.kernel.KmemGate;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.kernel.KmemRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The kernel-memory gate on a fleet's kernels: would a {@code kernelMemory} request be honoured? Runs anywhere. */
public final class KmemGateExample {
    /** Kernels seen in one fleet. */
    public static final List<String> FLEET = List.of("3.10.0-514.10.2.el7.x86_64", "3.10.0-1160.el7.x86_64",
            "4.2.8", "4.3.0-rc1", "4.4.0-210-generic", "5.15.0-1034-azure", "6.18.44-fc-v595");

    private KmemGateExample() {
    }

    /**
     * @param policy the policy
     * @return one line per kernel: the release, the decision and its reason
     */
    public static List<String> decisions(KmemPolicy policy) {
        KmemGate gate = KmemGate.of(policy);
        List<String> out = new ArrayList<>();
        for (String kernel : FLEET) {
            KmemDecision d = gate.decide(new KmemRequest(kernel, false, Optional.of(Limit.of(256L << 20)),
                    Optional.empty(), true, true));
            out.add(String.format("%-28s %-8s %s", kernel, d.enableAccounting() ? "enable" : "refuse", d.reason()));
        }
        return out;
    }

    /** @param args ignored */
    public static void main(String[] args) {
        decisions(KmemPolicy.GATED).forEach(System.out::println);
    }
}
