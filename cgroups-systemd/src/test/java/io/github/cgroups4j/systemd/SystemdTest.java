package io.github.cgroups4j.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManagers;
import io.github.cgroups4j.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Availability in words, and the backend's choice. */
class SystemdTest {
    @Test
    void availabilityIsExplained(@TempDir Path root) throws Exception {
        assertTrue(Systemd.cause(root, null).orElseThrow().contains("not the init system"));
        Files.createDirectories(root.resolve("run/systemd/system"));
        assertTrue(Systemd.cause(root, null).orElseThrow().contains("no system D-Bus socket"));
        assertEquals(Optional.empty(), Systemd.cause(root, "unix:path=/elsewhere"));
        Files.createDirectories(root.resolve("run/dbus"));
        Files.createFile(root.resolve("run/dbus/system_bus_socket"));
        assertEquals(Optional.empty(), Systemd.cause(root, null));
    }

    @Test
    void theBackendServesOnlySystemdConfigsWithAName() {
        SystemdBackend b = new SystemdBackend();
        assertEquals("systemd", b.name());
        assertTrue(b.unsupportedReason(CgroupConfig.forName(null, "x").build()).orElseThrow()
                .contains("does not ask for systemd"));
        assertTrue(b.unsupportedReason(CgroupConfig.forPath("/x").systemd(true).build()).orElseThrow()
                .contains("needs a name"));
    }

    @Test
    void withoutSystemdTheChoiceSaysWhyInOneMessage() {
        // this build machine has no systemd as PID 1; where it has, this test has nothing to show
        org.junit.jupiter.api.Assumptions.assumeFalse(Systemd.isAvailable());
        CgroupException e = org.junit.jupiter.api.Assertions.assertThrows(CgroupException.class,
                () -> CgroupManagers.create(SystemdNames.parse("::cgroups4j-x").resources(Resources.empty())
                        .build()));
        assertEquals("check cgroups4j-x.scope: the systemd driver cannot work here: systemd is not the init system here (no "
                + "/run/systemd/system); use the fs driver", e.getMessage());
    }
}
