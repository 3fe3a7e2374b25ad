package io.github.cgroups4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.cgroups4j.spi.CgroupBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CgroupManagersTest {
    private final CgroupConfig config = CgroupConfig.forPath("/a").build();

    private static CgroupBackend backend(String name, Optional<String> reason) {
        CgroupBackend b = mock(CgroupBackend.class);
        when(b.name()).thenReturn(name);
        when(b.unsupportedReason(any())).thenReturn(reason);
        return b;
    }

    @Test
    void picksTheFirstBackendThatCanServe() throws CgroupException {
        CgroupBackend v2 = backend("fs2", Optional.of("the host is not unified"));
        CgroupBackend v1 = backend("fs", Optional.empty());
        CgroupManager m = mock(CgroupManager.class);
        when(v1.create(config, Map.of())).thenReturn(m);
        assertSame(m, CgroupManagers.create(config, Map.of(), List.of(v2, v1)));
        verify(v2, never()).create(any(), any());
    }

    @Test
    void saysWhyNoBackendCanServe() {
        CgroupBackend v1 = backend("fs", Optional.of("cgroup v2 is not supported yet"));
        CgroupException e = assertThrows(CgroupException.class,
                () -> CgroupManagers.create(config, Map.of(), List.of(v1)));
        assertTrue(e.getMessage().contains("fs: cgroup v2 is not supported yet"), e.getMessage());
        CgroupException none = assertThrows(CgroupException.class, () -> CgroupManagers.create(config));
        assertEquals("check /a: no cgroup backend on the class path (add cgroups-fs)", none.getMessage());
    }
}
