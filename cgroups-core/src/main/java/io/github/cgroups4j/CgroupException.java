package io.github.cgroups4j;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed operation on a cgroup: the errno the kernel returned (when there was one), the operation, the cgroup,
 * the interface file and the value written. Every I/O failure of cgroups4j is one of these, never a bare
 * {@link IOException}.
 *
 * <p>The message names all of them, for example
 * {@code write "1" to memory.kmem.limit_in_bytes of /kubepods/pod1: EBUSY (Device or resource busy)}.
 */
public class CgroupException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What was being done when the failure happened. */
    public enum Operation {
        /** reading an interface file */
        READ("read"),
        /** writing an interface file */
        WRITE("write"),
        /** opening a file or directory */
        OPEN("open"),
        /** creating a cgroup directory */
        MKDIR("mkdir"),
        /** removing a cgroup directory */
        RMDIR("rmdir"),
        /** listing a cgroup directory */
        LIST("list"),
        /** parsing a file's content */
        PARSE("parse"),
        /** checking that a path is on a cgroup file system */
        CHECK("check"),
        /** applying a configuration (create and join) */
        APPLY("apply"),
        /** setting resources */
        SET("set"),
        /** freezing or thawing */
        FREEZE("freeze"),
        /** removing cgroups */
        DESTROY("destroy"),
        /** signalling a process */
        KILL("kill");

        private final String verb;

        Operation(String verb) {
            this.verb = verb;
        }

        /** @return the verb used in messages, e.g. "write" */
        public String verb() {
            return verb;
        }
    }

    private final Operation operation;
    private final String cgroup;
    private final String file;
    private final String value;
    private final int errno;
    private final String detail;

    /**
     * @param operation what was being done
     * @param cgroup the cgroup's path, as shown to people (e.g. {@code /kubepods/pod1}); may be null
     * @param file the interface file; may be null
     * @param value the value written; may be null
     * @param errno the kernel's errno, or 0 when the failure did not come from the kernel
     * @param detail extra words for the message (what was expected, why it was refused); may be null
     * @param cause the underlying cause; may be null
     */
    public CgroupException(Operation operation, String cgroup, String file, String value, int errno, String detail,
            Throwable cause) {
        super(null, cause);
        this.operation = Objects.requireNonNull(operation, "operation");
        this.cgroup = cgroup;
        this.file = file;
        this.value = value;
        this.errno = errno;
        this.detail = detail;
    }

    /**
     * A failure that did not come from the kernel.
     *
     * @param operation what was being done
     * @param cgroup the cgroup's path; may be null
     * @param file the interface file; may be null
     * @param detail why it failed
     */
    public CgroupException(Operation operation, String cgroup, String file, String detail) {
        this(operation, cgroup, file, null, 0, detail, null);
    }

    /** @return what was being done */
    public Operation operation() {
        return operation;
    }

    /** @return the cgroup's path as shown in the message, if known */
    public Optional<String> cgroup() {
        return Optional.ofNullable(cgroup);
    }

    /** @return the interface file, if any */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** @return the value written, if the operation was a write */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** @return the symbolic errno, if the kernel returned one this table knows */
    public Optional<Errno> errno() {
        return Errno.of(errno);
    }

    /** @return the raw errno, 0 when the failure did not come from the kernel */
    public int errnoNumber() {
        return errno;
    }

    /**
     * @param e an errno
     * @return whether the kernel failed the operation with {@code e}
     */
    public boolean is(Errno e) {
        return errno == e.number();
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(operation.verb());
        if (value != null) {
            sb.append(" \"").append(printable(value)).append("\" to");
        }
        if (file != null) {
            sb.append(' ').append(file);
            if (cgroup != null) {
                sb.append(" of");
            }
        }
        if (cgroup != null) {
            sb.append(' ').append(cgroup);
        }
        if (errno != 0) {
            sb.append(": ").append(Errno.describe(errno));
        }
        if (detail != null) {
            sb.append(errno != 0 ? " (" : ": ").append(detail).append(errno != 0 ? ")" : "");
        }
        return sb.toString();
    }

    private static String printable(String v) {
        String s = v.length() > 200 ? v.substring(0, 200) + "..." : v;
        return s.replace("\n", "\\n");
    }
}
