package io.github.cgroups4j.systemd;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.spi.CgroupBackend;
import java.util.Map;
import java.util.Optional;

/** The {@code systemd} backend, found by {@link java.util.ServiceLoader}: it serves configs that ask for systemd. */
public final class SystemdBackend implements CgroupBackend {
    /** For the service loader. */
    public SystemdBackend() {
    }

    @Override
    public String name() {
        return "systemd";
    }

    @Override
    public Optional<String> unsupportedReason(CgroupConfig config) {
        if (!config.systemd()) {
            return Optional.of("the config does not ask for systemd");
        }
        if (config.name().isEmpty()) {
            return Optional.of("the systemd driver needs a name (slice:prefix:name), not a path");
        }
        return Systemd.unavailabilityCause();
    }

    @Override
    public CgroupManager create(CgroupConfig config, Map<String, String> savedPaths) throws CgroupException {
        return SystemdManager.create(config, savedPaths);
    }
}
