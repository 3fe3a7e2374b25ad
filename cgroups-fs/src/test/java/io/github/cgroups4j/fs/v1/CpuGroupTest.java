package io.github.cgroups4j.fs.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A kernel that clamps cpu.shares (older kernels cap lower than 262144): set must say so, as runc does. */
class CpuGroupTest {
    @Test
    void sharesClampedByTheKernelAreAnErrorNamingTheLimit() throws CgroupException {
        CgroupFs fs = mock(CgroupFs.class);
        when(fs.read("/cg/cpu/a", "cpu.shares")).thenReturn("100000\n");
        V1Context ctx = new V1Context(fs, CgroupConfig.forPath("/a").build(), "5.4.0", Map.of("cpu", "/cg/cpu"));
        CgroupException e = assertThrows(CgroupException.class,
                () -> new CpuGroup().set(ctx, "/cg/cpu/a", Resources.builder().cpuShares(262_144).build()));
        verify(fs).write("/cg/cpu/a", "cpu.shares", "262144");
        assertTrue(e.getMessage().contains("the maximum allowed cpu-shares is 100000"), e.getMessage());
        assertEquals("262144", e.value().orElseThrow());
    }
}
