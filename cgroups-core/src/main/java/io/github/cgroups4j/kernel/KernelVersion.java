package io.github.cgroups4j.kernel;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.spi.ProcFs;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux kernel release such as {@code 3.10.0-514.10.2.el7.x86_64} or {@code 6.18.44-fc-v595}.
 *
 * <p>Versions compare by {@code major.minor.patch} as the kernel's own {@code LINUX_VERSION_CODE} does, so
 * {@code 4.3.0-rc1} {@linkplain #isAtLeast(int, int) is at least} 4.3 (an rc kernel reports the version it will
 * become). Between two releases with the same numbers, a release candidate sorts before the final release and
 * other suffixes sort by text, which keeps {@link #compareTo} consistent with {@link #equals}.
 *
 * @param major major number
 * @param minor minor number
 * @param patch patch (sublevel) number, 0 when the release has none
 * @param suffix what follows the numbers, e.g. {@code -514.10.2.el7.x86_64}; empty when none
 */
public record KernelVersion(int major, int minor, int patch, String suffix) implements Comparable<KernelVersion> {
    private static final Pattern RELEASE = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?([-+_.~][\\x21-\\x7e]*)?");
    private static final Pattern RC = Pattern.compile("-rc(\\d{1,4})(?![0-9]).*");
    private static final Comparator<KernelVersion> ORDER = Comparator.comparingInt(KernelVersion::major)
            .thenComparingInt(KernelVersion::minor)
            .thenComparingInt(KernelVersion::patch)
            .thenComparingInt(KernelVersion::rcRank)
            .thenComparing(KernelVersion::suffix);

    /** Checks the fields. */
    public KernelVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("kernel version " + major + "." + minor + "." + patch + " is negative");
        }
        Objects.requireNonNull(suffix, "suffix");
    }

    /**
     * @param major major number
     * @param minor minor number
     * @return {@code major.minor.0} with no suffix
     */
    public static KernelVersion of(int major, int minor) {
        return new KernelVersion(major, minor, 0, "");
    }

    /**
     * @param release a kernel release string as {@code uname -r} prints it
     * @return the version
     * @throws IllegalArgumentException if {@code release} is not a kernel release (never a silent 0.0.0)
     */
    public static KernelVersion parse(String release) {
        return tryParse(release).orElseThrow(() -> new IllegalArgumentException(
                "not a kernel release: \"" + release + "\" (expected e.g. 5.15.0-1034-azure)"));
    }

    /**
     * @param release a kernel release string, or null
     * @return the version, or empty when {@code release} is not a kernel release
     */
    public static Optional<KernelVersion> tryParse(String release) {
        if (release == null) {
            return Optional.empty();
        }
        // a host has one release, asked about by every manager's apply (the kmem gate): the last answer is kept
        Parsed last = lastParsed;
        if (last != null && last.release.equals(release)) {
            return last.version;
        }
        Optional<KernelVersion> v = parseRelease(release);
        lastParsed = new Parsed(release, v);
        return v;
    }

    /** The last release parsed and its answer (immutable; a racing thread at worst parses again). */
    private record Parsed(String release, Optional<KernelVersion> version) {
    }

    private static volatile Parsed lastParsed;

    private static Optional<KernelVersion> parseRelease(String release) {
        Matcher m = RELEASE.matcher(release.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        String suffix = m.group(4) == null ? "" : m.group(4);
        return Optional.of(new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch,
                suffix));
    }

    /**
     * The running kernel: the JVM's {@code os.version} (on Linux, {@code uname(2)}'s release), falling back to
     * {@code /proc/sys/kernel/osrelease} read through {@code procFs}.
     *
     * @param procFs where to read the fallback
     * @return the running kernel's version
     * @throws CgroupException if neither source holds a kernel release
     */
    public static KernelVersion current(ProcFs procFs) throws CgroupException {
        return detect(System.getProperty("os.version"), procFs);
    }

    /**
     * {@link #current(ProcFs)} with the property value injected, for tests.
     *
     * @param osVersion the value of {@code os.version}, may be null
     * @param procFs where to read the fallback
     * @return the version
     * @throws CgroupException if neither source holds a kernel release
     */
    public static KernelVersion detect(String osVersion, ProcFs procFs) throws CgroupException {
        Optional<KernelVersion> v = tryParse(osVersion);
        if (v.isPresent()) {
            return v.get();
        }
        String release = procFs.kernelRelease();
        return tryParse(release).orElseThrow(() -> new CgroupException(CgroupException.Operation.PARSE, null,
                "/proc/sys/kernel/osrelease", "not a kernel release: \"" + release.strip() + "\" (os.version was \""
                        + osVersion + "\")"));
    }

    /**
     * @param major major number
     * @param minor minor number
     * @return whether {@code major.minor.patch >= major.minor.0}, ignoring suffixes
     */
    public boolean isAtLeast(int major, int minor) {
        return isAtLeast(new KernelVersion(major, minor, 0, ""));
    }

    /**
     * @param other a version
     * @return whether this version's numbers are at least {@code other}'s, ignoring suffixes (as
     *     {@code LINUX_VERSION_CODE} does)
     */
    public boolean isAtLeast(KernelVersion other) {
        if (major != other.major) {
            return major > other.major;
        }
        if (minor != other.minor) {
            return minor > other.minor;
        }
        return patch >= other.patch;
    }

    /** @return whether this is a release candidate ({@code -rcN}) */
    public boolean isReleaseCandidate() {
        return RC.matcher(suffix).matches();
    }

    /** @return whether this is a RHEL/CentOS 7 kernel ({@code 3.10.0-*.el7*}) */
    public boolean isEl7() {
        return major == 3 && minor == 10 && suffix.contains(".el7");
    }

    private int rcRank() {
        Matcher m = RC.matcher(suffix);
        return m.matches() ? Integer.parseInt(m.group(1)) - 10_000 : 0;
    }

    @Override
    public int compareTo(KernelVersion o) {
        return ORDER.compare(this, o);
    }

    /** @return the release string, e.g. {@code 4.3.0-rc1} */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch + suffix;
    }
}
