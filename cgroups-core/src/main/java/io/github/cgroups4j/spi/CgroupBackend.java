package io.github.cgroups4j.spi;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import java.util.Map;
import java.util.Optional;

/**
 * How a backend (cgroup v1 {@code fs}, cgroup v2 {@code fs2}, {@code systemd}) plugs into
 * {@link io.github.cgroups4j.CgroupManagers}: found with {@link java.util.ServiceLoader}.
 */
public interface CgroupBackend {
    /** @return the backend's name: {@code fs}, {@code fs2}, {@code systemd} */
    String name();

    /**
     * @param config a configuration
     * @return empty if this backend can manage {@code config} on this host, else why not (shown to the user)
     */
    Optional<String> unsupportedReason(CgroupConfig config);

    /**
     * @param config the configuration
     * @param savedPaths paths saved from an earlier manager's {@link CgroupManager#paths()} (to take over or
     *     destroy what a crashed process left), or empty to compute them from {@code config}
     * @return a manager; nothing is created until {@link CgroupManager#apply(long)}
     * @throws CgroupException if the host cannot be read
     */
    CgroupManager create(CgroupConfig config, Map<String, String> savedPaths) throws CgroupException;
}
