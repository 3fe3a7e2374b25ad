package io.github.cgroups4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Limit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.helpers.NOPLogger;

class KmemGateTest {

    static Stream<Arguments> table() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        try (InputStream in = KmemGateTest.class.getResourceAsStream("/kmem-gate-table.psv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|");
                rows.add(Arguments.of(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip(), yes(f[4]), yes(f[5]),
                        yes(f[6])));
            }
        }
        assertEquals(3 * 3 * 7 * 2, rows.size(), "the table covers every combination");
        return rows.stream();
    }

    private static boolean yes(String s) {
        return s.strip().equals("yes");
    }

    @ParameterizedTest(name = "{0} kmem={1} kernel={2} {3}")
    @MethodSource("table")
    void decidesEveryCombination(String policy, String kmem, String kernel, String hierarchy, boolean enable,
            boolean writeLimit, boolean refused) {
        Optional<Limit> km = switch (kmem) {
            case "unset" -> Optional.empty();
            case "0" -> Optional.of(Limit.of(0));
            default -> Optional.of(Limit.of(64L << 20));
        };
        KmemRequest req = new KmemRequest(kernel, hierarchy.equals("v2"), km, Optional.empty(), km.isPresent(), true);
        KmemDecision d = KmemGate.of(KmemPolicy.valueOf(policy)).decide(req);
        assertEquals(enable, d.enableAccounting(), () -> "enable: " + d);
        assertEquals(writeLimit, d.writeLimit(), () -> "writeLimit: " + d);
        assertEquals(refused, d.refused(), () -> "refused: " + d);
        if (refused) {
            assertTrue(d.warn(), "a refusal is a warning");
        }
        assertFalse(d.reason().isBlank());
    }

    @Test
    void gatedEnablesAccountingOnlyOnACgroupItCreates() {
        Optional<Limit> km = Optional.of(Limit.of(64L << 20));
        KmemGate gate = KmemGate.of(KmemPolicy.GATED);
        KmemDecision creating = gate.decide(req("4.4.0-210-generic", km, Optional.empty(), true, true));
        assertTrue(creating.enableAccounting() && creating.writeLimit());
        KmemDecision joining = gate.decide(req("4.4.0-210-generic", km, Optional.empty(), true, false));
        assertFalse(joining.enableAccounting(), "an existing cgroup's accounting (and limit) is never reset");
        assertTrue(joining.writeLimit(), "set still writes the requested limit");
        assertFalse(joining.refused());
    }

    private static KmemRequest req(String kernel, Optional<Limit> kmem, Optional<Limit> tcp, boolean assigned,
            boolean creating) {
        return new KmemRequest(kernel, false, kmem, tcp, assigned, creating);
    }

    @Test
    void legacyEnablesOnEveryCreatedMemoryCgroupWithAMemoryLimit() {
        // the incident: kubelet's kubepods has a memory limit and no kernelMemory
        KmemDecision d = KmemGate.of(KmemPolicy.LEGACY_ALWAYS)
                .decide(req("3.10.0-693.el7.x86_64", Optional.empty(), Optional.empty(), true, true));
        assertTrue(d.enableAccounting());
        assertFalse(d.writeLimit());
        assertTrue(d.warn(), "the legacy policy warns");
        assertTrue(d.reason().contains("LEGACY_ALWAYS"), d.reason());
    }

    @Test
    void legacyLeavesAJoinedCgroupAlone() {
        KmemDecision d = KmemGate.of(KmemPolicy.LEGACY_ALWAYS)
                .decide(req("3.10.0-693.el7.x86_64", Optional.empty(), Optional.empty(), true, false));
        assertFalse(d.enableAccounting());
        assertTrue(d.reason().contains("joining"), d.reason());
    }

    @Test
    void legacyWithoutMemorySettingsLeavesAccountingOff() {
        KmemDecision d = KmemGate.of(KmemPolicy.LEGACY_ALWAYS)
                .decide(req("3.10.0-693.el7.x86_64", Optional.empty(), Optional.empty(), false, true));
        assertFalse(d.enableAccounting());
    }

    @Test
    void gatedRefusesOnEl7WithTheReason() {
        KmemDecision d = KmemGate.of(KmemPolicy.GATED)
                .decide(req("3.10.0-514.10.2.el7.x86_64", Optional.of(Limit.of(1 << 30)), Optional.empty(), true, true));
        assertTrue(d.refused());
        assertFalse(d.enableAccounting());
        assertTrue(d.reason().contains("3.10.0-514.10.2.el7.x86_64") && d.reason().contains("ENOSPC"), d.reason());
    }

    @Test
    void tcpLimitFollowsTheSameKernelAndV1Condition() {
        KmemGate gate = KmemGate.of(KmemPolicy.GATED);
        Optional<Limit> tcp = Optional.of(Limit.of(16 << 20));
        KmemDecision onNew = gate.decide(req("5.4.0", Optional.empty(), tcp, true, true));
        assertTrue(onNew.writeTcpLimit());
        assertFalse(onNew.enableAccounting(), "a tcp limit alone does not enable kmem accounting");
        KmemDecision onOld = gate.decide(req("4.2.0", Optional.empty(), tcp, true, true));
        assertFalse(onOld.writeTcpLimit());
        assertTrue(onOld.refused());
        KmemDecision onV2 = gate.decide(new KmemRequest("6.1.0", true, Optional.empty(), tcp, true, true));
        assertFalse(onV2.writeTcpLimit());
        assertTrue(onV2.refused());
    }

    @Test
    void unlimitedKernelMemoryCountsAsNonZero() {
        KmemDecision d = KmemGate.of(KmemPolicy.GATED)
                .decide(req("5.10.0", Optional.of(Limit.unlimited()), Optional.empty(), true, true));
        assertTrue(d.enableAccounting());
        assertTrue(d.writeLimit());
    }

    @Test
    void minimumKernelIsConfigurable() {
        KmemGate gate = new KmemGate(KmemPolicy.GATED, KernelVersion.of(5, 9));
        Optional<Limit> km = Optional.of(Limit.of(1 << 20));
        assertTrue(gate.decide(req("5.4.0-100-generic", km, Optional.empty(), true, true)).refused());
        assertTrue(gate.decide(req("5.10.0", km, Optional.empty(), true, true)).enableAccounting());
    }

    @Test
    void decideIsPure() {
        KmemGate gate = KmemGate.of(KmemPolicy.GATED);
        KmemRequest r = req("4.3", Optional.of(Limit.of(1)), Optional.empty(), true, true);
        assertEquals(gate.decide(r), gate.decide(r));
    }

    @Test
    void strictTurnsARefusalIntoAnError() throws CgroupException {
        KmemDecision refused = KmemGate.of(KmemPolicy.GATED)
                .decide(req("3.10.0-1160.el7.x86_64", Optional.of(Limit.of(1)), Optional.empty(), true, true));
        CgroupException e = assertThrows(CgroupException.class,
                () -> KmemGate.enforce(refused, true, "/kubepods/pod1", NOPLogger.NOP_LOGGER));
        assertTrue(e.getMessage().contains("memory.kmem.limit_in_bytes of /kubepods/pod1"), e.getMessage());
        assertTrue(e.getMessage().contains("strict"), e.getMessage());
        KmemGate.enforce(refused, false, "/kubepods/pod1", NOPLogger.NOP_LOGGER); // only a warning
    }
}
