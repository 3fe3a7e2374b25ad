package io.github.cgroups4j;

import java.util.Optional;

/**
 * Linux error numbers that the cgroup file systems and the calls around them produce, with the kernel's symbolic
 * name and the C library's description.
 *
 * <p>The numbers are the generic Linux ones ({@code asm-generic/errno-base.h} and {@code errno.h}), shared by
 * x86_64 and aarch64. An errno outside this table is still carried by {@link CgroupException#errnoNumber()}.
 */
public enum Errno {
    /** Operation not permitted. */
    EPERM(1, "Operation not permitted"),
    /** No such file or directory. */
    ENOENT(2, "No such file or directory"),
    /** No such process. */
    ESRCH(3, "No such process"),
    /** Interrupted system call. */
    EINTR(4, "Interrupted system call"),
    /** Input/output error. */
    EIO(5, "Input/output error"),
    /** No such device or address. */
    ENXIO(6, "No such device or address"),
    /** Argument list too long. */
    E2BIG(7, "Argument list too long"),
    /** Bad file descriptor. */
    EBADF(9, "Bad file descriptor"),
    /** No child processes. */
    ECHILD(10, "No child processes"),
    /** Resource temporarily unavailable. */
    EAGAIN(11, "Resource temporarily unavailable"),
    /** Cannot allocate memory. */
    ENOMEM(12, "Cannot allocate memory"),
    /** Permission denied. */
    EACCES(13, "Permission denied"),
    /** Bad address. */
    EFAULT(14, "Bad address"),
    /** Device or resource busy. */
    EBUSY(16, "Device or resource busy"),
    /** File exists. */
    EEXIST(17, "File exists"),
    /** Invalid cross-device link. */
    EXDEV(18, "Invalid cross-device link"),
    /** No such device. */
    ENODEV(19, "No such device"),
    /** Not a directory. */
    ENOTDIR(20, "Not a directory"),
    /** Is a directory. */
    EISDIR(21, "Is a directory"),
    /** Invalid argument. */
    EINVAL(22, "Invalid argument"),
    /** Too many open files in system. */
    ENFILE(23, "Too many open files in system"),
    /** Too many open files. */
    EMFILE(24, "Too many open files"),
    /** File too large. */
    EFBIG(27, "File too large"),
    /** No space left on device: on cgroupfs, an attach to an empty cpuset or a cgroup ID space exhausted. */
    ENOSPC(28, "No space left on device"),
    /** Read-only file system. */
    EROFS(30, "Read-only file system"),
    /** Numerical result out of range. */
    ERANGE(34, "Numerical result out of range"),
    /** Resource deadlock avoided. */
    EDEADLK(35, "Resource deadlock avoided"),
    /** File name too long. */
    ENAMETOOLONG(36, "File name too long"),
    /** Function not implemented. */
    ENOSYS(38, "Function not implemented"),
    /** Directory not empty. */
    ENOTEMPTY(39, "Directory not empty"),
    /** Too many levels of symbolic links. */
    ELOOP(40, "Too many levels of symbolic links"),
    /** No data available. */
    ENODATA(61, "No data available"),
    /** Value too large for defined data type. */
    EOVERFLOW(75, "Value too large for defined data type"),
    /** Operation not supported. */
    EOPNOTSUPP(95, "Operation not supported"),
    /** Stale file handle. */
    ESTALE(116, "Stale file handle");

    private static final Errno[] BY_NUMBER = new Errno[128];

    static {
        for (Errno e : values()) {
            BY_NUMBER[e.number] = e;
        }
    }

    private final int number;
    private final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** @return the errno value, e.g. 16 for {@code EBUSY} */
    public int number() {
        return number;
    }

    /** @return the C library's description, e.g. "Device or resource busy" */
    public String description() {
        return description;
    }

    /**
     * @param number an errno value
     * @return the symbolic errno, or empty for a number outside this table
     */
    public static Optional<Errno> of(int number) {
        return number > 0 && number < BY_NUMBER.length ? Optional.ofNullable(BY_NUMBER[number]) : Optional.empty();
    }

    /**
     * @param number an errno value
     * @return {@code "EBUSY (Device or resource busy)"}, or {@code "errno 200"} for an unknown number
     */
    public static String describe(int number) {
        return of(number).map(e -> e.name() + " (" + e.description + ")").orElse("errno " + number);
    }
}
