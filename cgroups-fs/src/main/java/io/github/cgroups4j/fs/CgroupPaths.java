package io.github.cgroups4j.fs;

import io.github.cgroups4j.parse.MountInfo;
import java.util.Optional;

/** Directory paths of cgroups, the same on v1 and v2. Used by both managers; not a stable API. */
public final class CgroupPaths {
    private CgroupPaths() {
    }

    /**
     * @param a a directory
     * @param b a path below it; empty components ignored
     * @return {@code a/b} without doubled or trailing slashes ({@code /} for nothing)
     */
    public static String join(String a, String b) {
        // every manager joins its path to each hierarchy's mount point: one builder, no split array or parts
        int end = a.endsWith("/") ? a.length() - 1 : a.length();
        StringBuilder sb = new StringBuilder(end + b.length() + 1).append(a, 0, end);
        int n = b.length();
        for (int i = 0; i < n; ) {
            int j = b.indexOf('/', i);
            if (j < 0) {
                j = n;
            }
            if (j > i) {
                sb.append('/').append(b, i, j);
            }
            i = j + 1;
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /**
     * Where a cgroup path as {@code /proc/<pid>/cgroup} shows it lies under a mount whose root may not be {@code /}
     * (a container's bind mount of its own cgroup).
     *
     * @param m the mount
     * @param procPath the path in the hierarchy
     * @return the directory, or empty when the path is outside what the mount shows (or above the cgroup namespace's
     *     root: a {@code ..} component)
     */
    public static Optional<String> underMount(MountInfo.Mount m, String procPath) {
        // a cgroup above the reader's cgroup namespace root shows as "/.." (a process in a container's hierarchy
        // seen from inside it, or the reverse): it is outside what the mount shows
        if (procPath.contains("/../") || procPath.endsWith("/..")) { // "/.." and "/../x" included
            return Optional.empty();
        }
        String root = m.root();
        String rel = procPath;
        if (!root.equals("/")) {
            if (rel.equals(root)) {
                rel = "/";
            } else if (rel.startsWith(root + "/")) {
                rel = rel.substring(root.length());
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(join(m.mountPoint(), rel));
    }
}
