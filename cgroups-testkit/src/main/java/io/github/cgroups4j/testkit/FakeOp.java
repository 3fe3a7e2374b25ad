package io.github.cgroups4j.testkit;

/**
 * One recorded operation on a {@link FakeCgroupFs}.
 *
 * @param kind what was done
 * @param dir the cgroup directory
 * @param file the interface file, or null for directory operations
 * @param value the value written, or null
 * @param errno 0 on success, else the errno returned
 */
public record FakeOp(Kind kind, String dir, String file, String value, int errno) {
    /** Operation kinds. */
    public enum Kind {
        /** read of an interface file */
        READ,
        /** write of an interface file */
        WRITE,
        /** mkdir */
        MKDIR,
        /** rmdir */
        RMDIR,
        /** list of child cgroups */
        LIST
    }

    /** @return whether it succeeded */
    public boolean ok() {
        return errno == 0;
    }

    /** @return the full path: {@code dir/file}, or {@code dir} */
    public String path() {
        return file == null ? dir : dir + "/" + file;
    }

    @Override
    public String toString() {
        return kind + " " + path() + (value == null ? "" : " <- \"" + value + "\"") + (errno == 0 ? "" : " = errno " + errno);
    }
}
