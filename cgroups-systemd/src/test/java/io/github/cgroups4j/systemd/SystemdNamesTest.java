package io.github.cgroups4j.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** runc's {@code ExpandSlice} and {@code getUnitName} cases, and the {@code slice:prefix:name} form. */
class SystemdNamesTest {
    @ParameterizedTest
    @CsvSource({"test.slice, /test.slice", "test-a.slice, /test.slice/test-a.slice",
        "test-a-b.slice, /test.slice/test-a.slice/test-a-b.slice", "-.slice, /",
        "kubepods-burstable-pod1.slice, /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice"})
    void expandsSlicesAsRunc(String slice, String path) {
        assertEquals(path, SystemdNames.expandSlice(slice));
    }

    @ParameterizedTest
    @ValueSource(strings = {"test", ".slice", "-test.slice", "test-.slice", "test--a.slice", "a/b.slice",
        "test.scope", ""})
    void refusesWhatRuncRefuses(String slice) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SystemdNames.expandSlice(slice));
        assertEquals("invalid slice name: " + slice, e.getMessage());
    }

    @Test
    void unitNames() {
        assertEquals("docker-4f2a.scope", SystemdNames.unitName(CgroupConfig.forName("system.slice", "4f2a")
                .scopePrefix("docker").build()));
        assertEquals("4f2a.scope", SystemdNames.unitName(CgroupConfig.forName(null, "4f2a").build()));
        assertEquals("kubepods-pod1.slice", SystemdNames.unitName(CgroupConfig.forName("kubepods.slice",
                "kubepods-pod1.slice").scopePrefix("ignored").build()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SystemdNames.unitName(CgroupConfig.forPath("/a/b").build()));
        assertTrue(e.getMessage().contains("needs a name"), e.getMessage());
    }

    @Test
    void parsesTheOciSystemdForm() {
        CgroupConfig c = SystemdNames.parse("system.slice:docker:4f2a").build();
        assertTrue(c.systemd());
        assertEquals("system.slice", c.parent().orElseThrow());
        assertEquals("docker", c.scopePrefix().orElseThrow());
        assertEquals("4f2a", c.name().orElseThrow());
        CgroupConfig d = SystemdNames.parse("::abc").build();
        assertFalse(d.parent().isPresent());
        assertFalse(d.scopePrefix().isPresent());
        assertEquals("system.slice", SystemdNames.slice(d, false));
        assertEquals("user.slice", SystemdNames.slice(d, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a:b", "a:b:c:d", "system.slice:docker:", "bad:docker:x", "system.slice:a/b:c"})
    void refusesMalformedOciPaths(String path) {
        assertThrows(IllegalArgumentException.class, () -> SystemdNames.parse(path));
    }

    @Test
    void unitNamesSystemdWouldRefuseAreRefusedFirst() {
        for (String bad : new String[] {"system.slice:cgroups4j:j b", "system.slice:cgroups4j:j%1",
            "system.slice:cgroups4j:j@1", "system.slice:cgroups4j:\u00e9", "system.slice:p:" + "x".repeat(250)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SystemdNames.parse(bad));
            assertTrue(e.getMessage().startsWith("unit "), e.getMessage());
        }
        SystemdNames.parse("system.slice:p:" + "x".repeat(240)); // 2 + 1 + 240 + 6 = 249
    }

    @Test
    void aSlicesParentFollowsFromItsName() {
        assertEquals("kubepods-burstable.slice", SystemdNames.impliedParent("kubepods-burstable-pod1.slice"));
        assertEquals("-.slice", SystemdNames.impliedParent("kubepods.slice"));
        assertEquals("cgroups4j.slice", SystemdNames.slice(SystemdNames.parse("::cgroups4j-s1.slice").build(),
                false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SystemdNames.parse("system.slice::cgroups4j-s2.slice"));
        assertEquals("slice cgroups4j-s2.slice lives in cgroups4j.slice (systemd takes a slice's parent from its "
                + "name), not in system.slice", e.getMessage());
    }
}
