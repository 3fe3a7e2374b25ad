package io.github.cgroups4j.systemd;

import io.github.cgroups4j.CgroupConfig;

/**
 * systemd's names for a cgroup, as runc forms them: the unit ({@code <prefix>-<name>.scope}, or the name itself when
 * it is a {@code .slice}), the slice path ({@code a-b-c.slice} is {@code /a.slice/a-b.slice/a-b-c.slice}) and the
 * OCI form {@code slice:prefix:name} of a cgroups path.
 */
public final class SystemdNames {
    /** The default parent of a unit (runc's; {@code user.slice} for a rootless cgroup v2 manager). */
    public static final String SYSTEM_SLICE = "system.slice";
    /** The default parent of a rootless unit on the user's manager. */
    public static final String USER_SLICE = "user.slice";

    private SystemdNames() {
    }

    /**
     * runc's {@code ExpandSlice}.
     *
     * @param slice a slice unit's name, e.g. {@code kubepods-burstable.slice}
     * @return its cgroup path below the root, e.g. {@code /kubepods.slice/kubepods-burstable.slice}; {@code /} for
     *     {@code -.slice}
     * @throws IllegalArgumentException when it does not end in {@code .slice}, holds a {@code /}, or has an empty
     *     component ({@code a--b.slice}, {@code -a.slice})
     */
    public static String expandSlice(String slice) {
        String suffix = ".slice";
        if (slice.length() <= suffix.length() - 1 || !slice.endsWith(suffix) || slice.contains("/")) {
            throw new IllegalArgumentException("invalid slice name: " + slice);
        }
        String name = slice.substring(0, slice.length() - suffix.length());
        if (name.equals("-")) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        StringBuilder prefix = new StringBuilder();
        for (String component : name.split("-", -1)) {
            if (component.isEmpty()) {
                throw new IllegalArgumentException("invalid slice name: " + slice);
            }
            path.append('/').append(prefix).append(component).append(suffix);
            prefix.append(component).append('-');
        }
        return path.toString();
    }

    /**
     * runc's {@code getUnitName}: a scope {@code <prefix>-<name>.scope} unless the name is a slice.
     *
     * @param config a configuration with a name
     * @return the unit's name
     * @throws IllegalArgumentException when the configuration has a path instead of a name
     */
    public static String unitName(CgroupConfig config) {
        String name = config.name().orElseThrow(() -> new IllegalArgumentException("the systemd driver needs a "
                + "name (and optionally a slice and a prefix), not a path: " + config.displayPath()));
        if (name.endsWith(".slice")) {
            return name;
        }
        return config.scopePrefix().map(p -> p + "-").orElse("") + name + ".scope";
    }

    /**
     * @param config a configuration
     * @param rootless whether the manager is the user's
     * @return the parent slice: the configured parent, or {@code system.slice} ({@code user.slice} rootless)
     */
    public static String slice(CgroupConfig config, boolean rootless) {
        return config.parent().orElse(rootless ? USER_SLICE : SYSTEM_SLICE);
    }

    /**
     * Parses a cgroups path in the systemd form runc takes, {@code slice:prefix:name} (e.g.
     * {@code system.slice:docker:4f2a}); an empty slice means the default one.
     *
     * @param cgroupsPath the path
     * @return a builder with parent, scope prefix, name and the systemd flag set
     * @throws IllegalArgumentException when it does not have three parts, the name is empty, or the slice is not a
     *     valid slice name
     */
    public static CgroupConfig.Builder parse(String cgroupsPath) {
        String[] parts = cgroupsPath.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected a systemd cgroups path of the form \"slice:prefix:name\", "
                    + "got \"" + cgroupsPath + "\"");
        }
        if (parts[2].isEmpty()) {
            throw new IllegalArgumentException("\"" + cgroupsPath + "\": the name (after the second colon) is empty");
        }
        if (!parts[0].isEmpty()) {
            expandSlice(parts[0]);
        }
        if (parts[1].contains("/") || parts[2].contains("/")) {
            throw new IllegalArgumentException("\"" + cgroupsPath + "\": a unit name holds no \"/\"");
        }
        CgroupConfig.Builder b = CgroupConfig.forName(parts[0].isEmpty() ? null : parts[0], parts[2]).systemd(true);
        if (!parts[1].isEmpty()) {
            b.scopePrefix(parts[1]);
        }
        return b;
    }
}
