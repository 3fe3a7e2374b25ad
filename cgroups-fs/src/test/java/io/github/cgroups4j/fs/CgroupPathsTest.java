package io.github.cgroups4j.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** {@link CgroupPaths#join}: the mount point and the cgroup path, without doubled or trailing slashes. */
class CgroupPathsTest {
    @Test
    void joins() {
        assertEquals("/sys/fs/cgroup/cpu/a/b", CgroupPaths.join("/sys/fs/cgroup/cpu", "/a/b"));
        assertEquals("/sys/fs/cgroup/cpu/a/b", CgroupPaths.join("/sys/fs/cgroup/cpu/", "a//b/"));
        assertEquals("/sys/fs/cgroup/cpu", CgroupPaths.join("/sys/fs/cgroup/cpu", "/"));
        assertEquals("/sys/fs/cgroup/cpu", CgroupPaths.join("/sys/fs/cgroup/cpu", ""));
        assertEquals("/a", CgroupPaths.join("/", "a"));
        assertEquals("/", CgroupPaths.join("/", "/"));
        assertEquals("/", CgroupPaths.join("", ""));
        assertEquals("/x/../y", CgroupPaths.join("/x", "../y"), "components are kept as they are");
    }

    /** The same result as the definition it replaced: strip one trailing slash, then each non-empty component. */
    @Property(tries = 2000)
    void matchesTheSplitDefinition(@ForAll @StringLength(max = 12) @CharRange(from = '-', to = '/') String a,
            @ForAll @StringLength(max = 16) @CharRange(from = '-', to = '/') String b) {
        StringBuilder sb = new StringBuilder(a.endsWith("/") ? a.substring(0, a.length() - 1) : a);
        for (String part : b.split("/")) {
            if (!part.isEmpty()) {
                sb.append('/').append(part);
            }
        }
        assertEquals(sb.length() == 0 ? "/" : sb.toString(), CgroupPaths.join(a, b));
    }
}
