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
        String unit = config.unitName().orElseThrow(() -> new IllegalArgumentException("the systemd driver needs a "
                + "name (and optionally a slice and a prefix), not a path: " + config.displayPath()));
        checkUnit(unit);
        return unit;
    }

    /**
     * systemd's {@code unit_name_is_valid} for a plain (non-template) unit: letters, digits and {@code :-_.\},
     * at most 255 bytes in all.
     *
     * @param unit a unit name
     * @throws IllegalArgumentException naming what systemd would refuse
     */
    static void checkUnit(String unit) {
        for (int i = 0; i < unit.length(); i++) {
            char c = unit.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ":-_.\\".indexOf(c)
                    >= 0;
            if (!ok) {
                throw new IllegalArgumentException("unit " + unit + ": systemd takes only letters, digits and "
                        + "\":-_.\\\" in a unit name, not '" + c + "'" + (c == '@' ? " (@ is for template units)" : ""));
            }
        }
        if (unit.length() > 255) {
            throw new IllegalArgumentException("unit " + unit.substring(0, 40) + "...: " + unit.length() + " characters;"
                    + " systemd takes at most 255 for the whole unit name");
        }
    }

    /**
     * @param slice a slice unit, e.g. {@code kubepods-burstable.slice}
     * @return the slice it lives in, which systemd derives from its name: {@code kubepods.slice}; {@code -.slice}
     *     (the root) for a name without a dash
     */
    public static String impliedParent(String slice) {
        String n = slice.substring(0, slice.length() - ".slice".length());
        int dash = n.lastIndexOf('-');
        return dash < 0 ? "-.slice" : n.substring(0, dash) + ".slice";
    }

    /**
     * @param config a configuration
     * @param rootless whether the manager is the user's
     * @return the parent slice: the configured parent, or {@code system.slice} ({@code user.slice} rootless)
     */
    public static String slice(CgroupConfig config, boolean rootless) {
        String name = config.name().orElse("");
        if (name.endsWith(".slice")) {
            // a slice's place is in its name: a configured parent that says otherwise would be ignored by systemd
            String implied = impliedParent(name);
            if (config.parent().isPresent() && !config.parent().get().equals(implied)) {
                throw new IllegalArgumentException("slice " + name + " lives in " + implied + " (systemd takes a "
                        + "slice's parent from its name), not in " + config.parent().get());
            }
            return implied;
        }
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
        CgroupConfig c = b.build();
        unitName(c);
        slice(c, false);
        return b;
    }
}
