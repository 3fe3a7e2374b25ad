package io.github.cgroups4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.kernel.KernelVersion;
import io.github.cgroups4j.kernel.KmemPolicy;
import org.junit.jupiter.api.Test;

class CgroupConfigTest {

    @Test
    void pathOrParentAndName() {
        assertEquals("/kubepods/pod1", CgroupConfig.forPath("/kubepods//pod1/").build().innerPath());
        assertEquals("batch/job1", CgroupConfig.forPath("batch/job1").build().innerPath());
        assertEquals("/kubepods/burstable/pod1", CgroupConfig.forName("/kubepods/burstable", "pod1").build().innerPath());
        assertEquals("pod1", CgroupConfig.forName(null, "pod1").build().innerPath());
        assertEquals("/pod1", CgroupConfig.forName("/", "pod1").build().innerPath());
    }

    @Test
    void defaultsAreTheGatedPolicyAt43() {
        CgroupConfig c = CgroupConfig.forPath("/a").build();
        assertEquals(KmemPolicy.GATED, c.kmemGate().policy());
        assertEquals(KernelVersion.of(4, 3), c.kmemGate().minimumKernel());
        assertEquals(Resources.empty(), c.resources());
        CgroupConfig legacy = c.toBuilder().kmemPolicy(KmemPolicy.LEGACY_ALWAYS).kmemStrict(true).build();
        assertEquals(KmemPolicy.LEGACY_ALWAYS, legacy.kmemGate().policy());
        assertTrue(legacy.kmemStrict());
        assertEquals(legacy, legacy.toBuilder().build());
    }

    @Test
    void refusesAmbiguousOrEscapingPaths() {
        assertMessage("path or name", () -> CgroupConfig.forName(null, null).build());
        assertMessage("set one of them, not both", () -> CgroupConfig.forPath("/a").name("b").build());
        assertMessage("parent: only with name", () -> CgroupConfig.forPath("/a").parent("/p").build());
        assertMessage("has a \"..\" component", () -> CgroupConfig.forPath("/a/../../etc").build());
        assertMessage("name: \"..\" is not a cgroup name", () -> CgroupConfig.forName("/kubepods", "..").build());
        assertMessage("has a \".\" component", () -> CgroupConfig.forPath("./a").build());
        assertMessage("NUL or newline", () -> CgroupConfig.forPath("/a\nb").build());
        assertMessage("scopePrefix", () -> CgroupConfig.forName("system.slice", "x").scopePrefix("a/b").build());
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
