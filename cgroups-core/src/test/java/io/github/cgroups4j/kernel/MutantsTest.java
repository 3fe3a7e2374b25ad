package io.github.cgroups4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Limit;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * [H] The mutants PIT found alive in the gate and the kernel version (`mvn -Pmutation ...`), each killed here: the
 * exact reasons, the log level, the version boundaries.
 */
class MutantsTest {
    private static final Optional<Limit> K64 = Optional.of(Limit.of(64L << 20));
    private static final Optional<Limit> T8 = Optional.of(Limit.of(8L << 20));
    private static final KmemGate GATED = KmemGate.of(KmemPolicy.GATED);

    private static KmemRequest req(String kernel, Optional<Limit> kmem, Optional<Limit> tcp, boolean creating) {
        return new KmemRequest(kernel, false, kmem, tcp, true, creating);
    }

    @Test
    void theGatesReasonsSayExactlyWhatWasAsked() {
        String off = ": cgroups4j enables nothing (on kernel 4.4.0 accounting stays off unless a kmem limit is "
                + "written in the cgroup or in an accounted ancestor)";
        assertEquals("kernelMemory not set" + off,
                GATED.decide(req("4.4.0", Optional.empty(), Optional.empty(), true)).reason());
        assertEquals("kernelMemory is 0" + off,
                GATED.decide(req("4.4.0", Optional.of(Limit.of(0)), Optional.empty(), true)).reason());
        assertEquals("kernelMemory is 0" + off,
                GATED.decide(req("4.4.0", Optional.empty(), Optional.of(Limit.of(0)), true)).reason());
        assertEquals("kernelMemory=67108864 kernelMemoryTcp=8388608 allowed: kernel 4.4.0 >= 4.3 on cgroup v1",
                GATED.decide(req("4.4.0", K64, T8, true)).reason());
        assertEquals("kernelMemoryTcp=8388608 allowed: kernel 4.4.0 >= 4.3 on cgroup v1",
                GATED.decide(req("4.4.0", Optional.empty(), T8, true)).reason());
        assertEquals("kernelMemory=67108864 allowed: kernel 4.4.0 >= 4.3 on cgroup v1 (existing cgroup: apply does "
                + "not switch accounting on; set writes the limit)",
                GATED.decide(req("4.4.0", K64, Optional.empty(), false)).reason());
        assertEquals("kernelMemoryTcp=8388608 allowed: kernel 4.4.0 >= 4.3 on cgroup v1",
                GATED.decide(req("4.4.0", Optional.empty(), T8, false)).reason(), "no accounting note without kmem");
        assertTrue(KmemGate.of(KmemPolicy.DISABLED).decide(req("6.1.0", K64, Optional.empty(), true)).reason()
                .startsWith("kernelMemory=67108864 refused"));
        assertEquals("kmem policy DISABLED: cgroups4j enables nothing (on kernel 4.5.7 accounting stays off unless a "
                + "kmem limit is written in the cgroup or in an accounted ancestor)", KmemGate.of(KmemPolicy.DISABLED)
                .decide(req("4.5.7", Optional.empty(), Optional.empty(), true)).reason());
    }

    /** From 4.6 on (and on v2) the kernel accounts kernel memory by itself: the reasons say so, not "stays off". */
    @Test
    void theReasonsAreTrueOfKernelsThatAccountByThemselves() {
        assertEquals(Optional.of(false), KmemGate.kernelAccountsByItself("4.5.7", false));
        assertEquals(Optional.of(true), KmemGate.kernelAccountsByItself("4.6.0-rc1", false));
        assertEquals(Optional.of(true), KmemGate.kernelAccountsByItself("not-a-kernel", true), "v2, any release");
        assertEquals(Optional.empty(), KmemGate.kernelAccountsByItself("not-a-kernel", false));
        assertEquals("kmem policy DISABLED: cgroups4j enables nothing (kernel 6.1.0 >= 4.6 accounts kernel memory in "
                + "every memory cgroup by itself, unless booted with cgroup.memory=nokmem)",
                KmemGate.of(KmemPolicy.DISABLED).decide(req("6.1.0", Optional.empty(), Optional.empty(), true))
                        .reason());
        assertEquals("kernelMemory not set: cgroups4j enables nothing (kernel 4.6.0 >= 4.6 accounts kernel memory "
                + "in every memory cgroup by itself, unless booted with cgroup.memory=nokmem)",
                GATED.decide(req("4.6.0", Optional.empty(), Optional.empty(), true)).reason());
        assertTrue(GATED.decide(req("4.5.7", Optional.empty(), Optional.empty(), true)).reason()
                .endsWith("(on kernel 4.5.7 accounting stays off unless a kmem limit is written in the cgroup or in an "
                        + "accounted ancestor)"), "4.5 does not");
        assertTrue(GATED.decide(req("3.10.0-514.10.2.el7.x86_64", Optional.empty(), Optional.empty(), true)).reason()
                .contains("(on kernel 3.10.0-514.10.2.el7.x86_64 accounting stays off unless"));
        assertEquals("kernelMemory not set: cgroups4j enables nothing",
                GATED.decide(req("not-a-kernel", Optional.empty(), Optional.empty(), true)).reason(),
                "a release that cannot be parsed claims nothing about the kernel");
        String v2 = ": cgroups4j enables nothing (cgroup v2 accounts kernel memory in every memory cgroup by itself, "
                + "unless booted with cgroup.memory=nokmem)";
        assertEquals("kernelMemory is 0" + v2, GATED.decide(new KmemRequest("6.1.0", true, Optional.of(Limit.of(0)),
                Optional.empty(), true, true)).reason());
        assertEquals("kmem policy LEGACY_ALWAYS" + v2, KmemGate.of(KmemPolicy.LEGACY_ALWAYS).decide(
                new KmemRequest("6.1.0", true, Optional.empty(), Optional.empty(), true, true)).reason());
        assertEquals("kernelMemory=67108864 allowed: kernel 4.6.0 >= 4.3 on cgroup v1 (this kernel accounts kernel "
                + "memory in every memory cgroup anyway, since 4.6, unless booted with cgroup.memory=nokmem)",
                GATED.decide(req("4.6.0", K64, Optional.empty(), true)).reason());
        assertEquals("kernelMemoryTcp=8388608 allowed: kernel 6.1.0 >= 4.3 on cgroup v1",
                GATED.decide(req("6.1.0", Optional.empty(), T8, true)).reason(), "the note is about kmem, not tcp");
    }

    @Test
    void enforceWarnsOnlyWhatDeservesAWarningAndFailsOnlyWhenStrict() throws CgroupException {
        Logger log = mock(Logger.class);
        KmemDecision refused = GATED.decide(req("3.10.0-514.el7.x86_64", K64, Optional.empty(), true));
        KmemGate.enforce(refused, false, "/a", log);
        verify(log).warn(anyString(), any(Object.class), any(Object.class));
        Logger quiet = mock(Logger.class);
        KmemGate.enforce(GATED.decide(req("4.4.0", K64, Optional.empty(), true)), true, "/a", quiet);
        verify(quiet, never()).warn(anyString(), any(Object.class), any(Object.class));
        verify(quiet).debug(anyString(), any(Object.class), any(Object.class));
        CgroupException e = assertThrows(CgroupException.class, () -> KmemGate.enforce(refused, true, "/a", log));
        assertTrue(e.getMessage().endsWith("(strict kmem)"), e.getMessage());
    }

    @Test
    void versionBoundaries() {
        KernelVersion v = KernelVersion.parse("4.3.0");
        assertTrue(v.isAtLeast(KernelVersion.parse("4.3.0")), "equal");
        assertFalse(v.isAtLeast(KernelVersion.parse("4.3.1")));
        assertTrue(KernelVersion.parse("4.3.1").isAtLeast(v));
        assertFalse(v.isAtLeast(KernelVersion.parse("4.4.0")));
        assertTrue(KernelVersion.parse("4.4.0").isAtLeast(v));
        assertFalse(v.isAtLeast(KernelVersion.parse("5.0.0")));
        assertTrue(KernelVersion.parse("5.0.0").isAtLeast(KernelVersion.parse("4.99.99")));
        assertFalse(KernelVersion.parse("3.99.0").isAtLeast(v));
        assertTrue(new KernelVersion(0, 0, 0, "").isAtLeast(new KernelVersion(0, 0, 0, "")), "0.0.0 is a version");
        assertThrows(IllegalArgumentException.class, () -> new KernelVersion(-1, 0, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> new KernelVersion(0, -1, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> new KernelVersion(0, 0, -1, ""));
        assertTrue(KernelVersion.parse("4.3.0-rc1").isReleaseCandidate());
        assertFalse(KernelVersion.parse("4.3.0").isReleaseCandidate());
        assertFalse(KernelVersion.parse("3.10.0-514.el7.x86_64").isReleaseCandidate());
    }

    @Test
    void numberBoundaries() throws Exception {
        assertEquals(Long.MAX_VALUE, io.github.cgroups4j.parse.CgroupValues.parseUint("9223372036854775807"));
        assertEquals(io.github.cgroups4j.parse.CgroupValues.MAX,
                io.github.cgroups4j.parse.CgroupValues.parseUint("9223372036854775808"), "beyond: max, as runc");
        assertEquals(io.github.cgroups4j.parse.CgroupValues.MAX,
                io.github.cgroups4j.parse.CgroupValues.parseUint("99999999999999999999"), "20 digits");
        assertEquals(io.github.cgroups4j.parse.CgroupValues.MAX,
                io.github.cgroups4j.parse.CgroupValues.parseUint("18446744073709551615"), "u64 max");
        assertEquals(0, io.github.cgroups4j.parse.CgroupValues.parseUint("-5"), "a transient negative reads 0");
        assertEquals(42, io.github.cgroups4j.parse.CgroupValues.parseUint(" 42 \n"));
        assertEquals(10, io.github.cgroups4j.parse.CgroupValues.parseUint("10"));
        assertEquals(9, io.github.cgroups4j.parse.CgroupValues.parseUint("9"));
        assertEquals(0, io.github.cgroups4j.parse.CgroupValues.parseUint("0"));
        assertEquals(io.github.cgroups4j.parse.CgroupValues.MAX,
                io.github.cgroups4j.parse.CgroupValues.parseUint("\tmax\n"));
        for (String bad : new String[] {"", "-", "4/", "4:", "/4", ":4", "ma", "maxx", "1 2", "123456789012345678901",
            "-123456789012345678901"}) {
            io.github.cgroups4j.CgroupParseException e = assertThrows(io.github.cgroups4j.CgroupParseException.class,
                    () -> io.github.cgroups4j.parse.CgroupValues.parseUint(bad), bad);
            assertTrue(e.getMessage().contains(bad.matches("-?[0-9]{21}") ? "64-bit" : "number or max"),
                    bad + ": " + e.getMessage());
        }
        assertEquals(Long.MIN_VALUE, io.github.cgroups4j.parse.CgroupValues.parseInt("-9223372036854775808"));
        assertEquals(-1, io.github.cgroups4j.parse.CgroupValues.parseInt("-1"));
        assertEquals(90, io.github.cgroups4j.parse.CgroupValues.parseInt("90"));
        for (String bad : new String[] {"", "-", "4/", "4:", "/4", ":4", "-9223372036854775809", "123456789012345678901",
            "1-2"}) {
            assertThrows(io.github.cgroups4j.CgroupParseException.class,
                    () -> io.github.cgroups4j.parse.CgroupValues.parseInt(bad), bad);
        }
    }
}
