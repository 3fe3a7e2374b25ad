package io.github.cgroups4j;

import io.github.cgroups4j.spi.CgroupBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Creates {@link CgroupManager}s, picking the backend that fits the host and the configuration: a
 * {@link CgroupBackend} found on the class path with {@link ServiceLoader} ({@code cgroups-fs} provides cgroup v1,
 * later {@code fs2} and {@code systemd}).
 */
public final class CgroupManagers {
    private CgroupManagers() {
    }

    /**
     * @param config the configuration
     * @return a manager for it; nothing is created until {@link CgroupManager#apply(long)}
     * @throws CgroupException naming every backend and why it cannot serve, when none can
     */
    public static CgroupManager create(CgroupConfig config) throws CgroupException {
        return create(config, Map.of());
    }

    /**
     * Re-creates a manager from paths saved from {@link CgroupManager#paths()}, e.g. to destroy what a crashed
     * process left.
     *
     * @param config the configuration
     * @param savedPaths the saved paths
     * @return a manager over those paths
     * @throws CgroupException when no backend can serve
     */
    public static CgroupManager create(CgroupConfig config, Map<String, String> savedPaths) throws CgroupException {
        return create(config, savedPaths, Backends.LOADED);
    }

    /** The backends on the class path, loaded once (a ServiceLoader scan costs more than creating a manager). */
    private static final class Backends {
        static final List<CgroupBackend> LOADED = load();

        private static List<CgroupBackend> load() {
            List<CgroupBackend> out = new ArrayList<>();
            ServiceLoader.load(CgroupBackend.class, CgroupManagers.class.getClassLoader()).forEach(out::add);
            return List.copyOf(out);
        }
    }

    /**
     * @param config the configuration
     * @param savedPaths saved paths or empty
     * @param backends the candidate backends, in order of preference
     * @return a manager from the first backend that can serve
     * @throws CgroupException when none can
     */
    public static CgroupManager create(CgroupConfig config, Map<String, String> savedPaths,
            Iterable<CgroupBackend> backends) throws CgroupException {
        List<String> reasons = new ArrayList<>();
        String systemdReason = null;
        for (CgroupBackend b : backends) {
            Optional<String> why = b.unsupportedReason(config);
            if (why.isEmpty()) {
                return b.create(config, savedPaths);
            }
            reasons.add(b.name() + ": " + why.get());
            if (b.name().equals("systemd")) {
                systemdReason = why.get();
            }
        }
        if (config.systemd()) {
            // one answer: the config asked for systemd, the cgroupfs backends are beside the point
            throw new CgroupException(CgroupException.Operation.CHECK, config.displayPath(), null,
                    systemdReason == null ? "the config asks for the systemd driver: add cgroups-systemd to the "
                            + "class path" : "the systemd driver cannot work here: " + systemdReason);
        }
        throw new CgroupException(CgroupException.Operation.CHECK, config.displayPath(), null,
                reasons.isEmpty() ? "no cgroup backend on the class path (add cgroups-fs)"
                        : "no backend can manage this cgroup here: " + String.join("; ", reasons));
    }
}
