package io.github.cgroups4j;

import io.github.cgroups4j.kernel.KernelVersion;
import io.github.cgroups4j.kernel.KmemGate;
import io.github.cgroups4j.kernel.KmemPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which cgroup to manage and how: runc's {@code configs.Cgroup}.
 *
 * <p>Either a {@code path} (absolute: under each hierarchy's root; relative: under the caller's own cgroup, as runc)
 * or a {@code name} with an optional {@code parent} (for systemd, the parent is the slice and the unit is
 * {@code <scopePrefix>-<name>.scope}). Path components {@code .} and {@code ..} are refused.
 *
 * @param path the cgroup path, or empty when {@code name} is used
 * @param parent the parent path (systemd: the slice), or empty
 * @param name the cgroup name (systemd: the unit's name part), or empty when {@code path} is used
 * @param scopePrefix systemd: the scope's prefix, e.g. {@code docker}
 * @param systemd whether to manage the cgroup through systemd
 * @param resources the resources to set at creation
 * @param kmemGate the kernel-memory gate's policy and minimum kernel
 * @param kmemStrict whether a kmem setting refused by the gate is an error instead of a warning
 * @param rootless whether the manager runs without root (permission errors on creation are tolerated)
 * @param systemdProperties extra systemd unit properties (name to value: String, Boolean, Long, ...)
 */
public record CgroupConfig(Optional<String> path, Optional<String> parent, Optional<String> name,
        Optional<String> scopePrefix, boolean systemd, Resources resources, KmemGate kmemGate, boolean kmemStrict,
        boolean rootless, Map<String, Object> systemdProperties) {

    /** Checks the fields: {@code path} xor {@code name}; no {@code .} or {@code ..} components. */
    public CgroupConfig {
        path = path == null ? Optional.empty() : path.map(p -> clean("path", p));
        parent = parent == null ? Optional.empty() : parent.map(p -> clean("parent", p));
        name = name == null ? Optional.empty() : name;
        scopePrefix = scopePrefix == null ? Optional.empty() : scopePrefix;
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(kmemGate, "kmemGate");
        systemdProperties = Map.copyOf(systemdProperties);
        if (path.isPresent() == name.isPresent()) {
            throw new IllegalArgumentException(path.isPresent()
                    ? "path and name: set one of them, not both (path=" + path.get() + ", name=" + name.get() + ")"
                    : "path or name: one of them must be set");
        }
        if (path.isPresent() && parent.isPresent()) {
            throw new IllegalArgumentException("parent: only with name, not with path (parent=" + parent.get() + ")");
        }
        name.ifPresent(n -> {
            if (n.isEmpty() || n.equals(".") || n.equals("..")) {
                throw new IllegalArgumentException("name: \"" + n + "\" is not a cgroup name");
            }
            clean("name", n);
        });
        scopePrefix.ifPresent(p -> {
            if (p.isEmpty() || p.contains("/")) {
                throw new IllegalArgumentException("scopePrefix: \"" + p + "\" is not a unit name prefix");
            }
        });
    }

    /**
     * @param field the field, for the message
     * @param p a path
     * @return {@code p} with repeated and trailing slashes removed
     * @throws IllegalArgumentException when a component is {@code .} or {@code ..} or longer than 255 bytes, or a
     *     character is a NUL or newline
     */
    static String clean(String field, String p) {
        if (p.indexOf('\0') >= 0 || p.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(field + ": \"" + p.replace("\n", "\\n") + "\" holds a NUL or newline");
        }
        StringBuilder sb = new StringBuilder(p.startsWith("/") ? "/" : "");
        for (String part : p.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException(field + ": \"" + p + "\" has a \"" + part + "\" component");
            }
            if (part.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException(field + ": a component is longer than 255 bytes (NAME_MAX): \""
                        + part.substring(0, 32) + "...\"");
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /** @return the inner cgroup path: {@code path}, or {@code parent/name} (runc's {@code path.Inner}) */
    public String innerPath() {
        if (path.isPresent()) {
            return path.get();
        }
        String n = name.orElseThrow();
        return parent.map(p -> p.isEmpty() || p.equals("/") ? p + n : p + "/" + n).orElse(n);
    }

    /** @return the path to show in messages */
    public String displayPath() {
        if (systemd && name.isPresent()) {
            return parent.map(p -> p + "/").orElse("") + unitName().orElseThrow(); // what systemctl shows
        }
        return innerPath();
    }

    /**
     * runc's {@code getUnitName}: a scope {@code <prefix>-<name>.scope} unless the name is a slice (no leading dash
     * without a prefix).
     *
     * @return the systemd unit this config names, empty for a config with a path
     */
    public Optional<String> unitName() {
        return name.map(n -> n.endsWith(".slice") ? n : scopePrefix.map(p -> p + "-").orElse("") + n + ".scope");
    }

    /**
     * @param path an absolute or relative cgroup path
     * @return a builder for that path
     */
    public static Builder forPath(String path) {
        return new Builder().path(path);
    }

    /**
     * @param parent the parent path or systemd slice; null for none
     * @param name the cgroup name
     * @return a builder for that name
     */
    public static Builder forName(String parent, String name) {
        return new Builder().parent(parent).name(name);
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.path = path.orElse(null);
        b.parent = parent.orElse(null);
        b.name = name.orElse(null);
        b.scopePrefix = scopePrefix.orElse(null);
        b.systemd = systemd;
        b.resources = resources;
        b.kmemPolicy = kmemGate.policy();
        b.kmemMinimumKernel = kmemGate.minimumKernel();
        b.kmemStrict = kmemStrict;
        b.rootless = rootless;
        b.systemdProperties.putAll(systemdProperties);
        return b;
    }

    /** A builder; the default kmem policy is {@link KmemPolicy#GATED} with minimum kernel 4.3. */
    public static final class Builder {
        private String path;
        private String parent;
        private String name;
        private String scopePrefix;
        private boolean systemd;
        private Resources resources = Resources.empty();
        private KmemPolicy kmemPolicy = KmemPolicy.GATED;
        private KernelVersion kmemMinimumKernel = KmemGate.DEFAULT_MINIMUM;
        private boolean kmemStrict;
        private boolean rootless;
        private final Map<String, Object> systemdProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param v the cgroup path @return this */
        public Builder path(String v) {
            path = v;
            return this;
        }

        /** @param v the parent path or slice @return this */
        public Builder parent(String v) {
            parent = v;
            return this;
        }

        /** @param v the cgroup name @return this */
        public Builder name(String v) {
            name = v;
            return this;
        }

        /** @param v systemd scope prefix @return this */
        public Builder scopePrefix(String v) {
            scopePrefix = v;
            return this;
        }

        /** @param v whether to use systemd @return this */
        public Builder systemd(boolean v) {
            systemd = v;
            return this;
        }

        /** @param v the resources @return this */
        public Builder resources(Resources v) {
            resources = Objects.requireNonNull(v);
            return this;
        }

        /** @param v the kmem policy @return this */
        public Builder kmemPolicy(KmemPolicy v) {
            kmemPolicy = Objects.requireNonNull(v);
            return this;
        }

        /** @param v the oldest kernel GATED allows kmem on @return this */
        public Builder kmemMinimumKernel(KernelVersion v) {
            kmemMinimumKernel = Objects.requireNonNull(v);
            return this;
        }

        /** @param v whether a refused kmem setting is an error @return this */
        public Builder kmemStrict(boolean v) {
            kmemStrict = v;
            return this;
        }

        /** @param v rootless @return this */
        public Builder rootless(boolean v) {
            rootless = v;
            return this;
        }

        /** @param property a systemd unit property @param value its value @return this */
        public Builder systemdProperty(String property, Object value) {
            systemdProperties.put(Objects.requireNonNull(property), Objects.requireNonNull(value));
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the field and value that is not valid
         */
        public CgroupConfig build() {
            return new CgroupConfig(Optional.ofNullable(path), Optional.ofNullable(parent), Optional.ofNullable(name),
                    Optional.ofNullable(scopePrefix), systemd, resources, new KmemGate(kmemPolicy, kmemMinimumKernel),
                    kmemStrict, rootless, systemdProperties);
        }
    }
}
