package io.github.cgroups4j.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import org.junit.jupiter.api.Test;

class FsBackendTest {
    private final CgroupConfig config = CgroupConfig.forPath("/a").build();

    @Test
    void servesV1AndHybridHosts() {
        assertTrue(new FsBackend(FakeCgroupFs.modernHybrid().procFs()).unsupportedReason(config).isEmpty());
        assertTrue(new FsBackend(FakeCgroupFs.centos7().procFs()).unsupportedReason(config).isEmpty());
    }

    @Test
    void saysClearlyThatUnifiedHostsAreNotSupportedYet() {
        String why = new FsBackend(FakeCgroupFs.unified().procFs()).unsupportedReason(config).orElseThrow();
        assertTrue(why.contains("cgroup v2 only") && why.contains("fs2 backend serves it"), why);
        String systemd = new FsBackend(FakeCgroupFs.modernHybrid().procFs())
                .unsupportedReason(config.toBuilder().systemd(true).build()).orElseThrow();
        assertTrue(systemd.contains("systemd"), systemd);
        assertEquals("fs", new FsBackend().name());
    }
}
