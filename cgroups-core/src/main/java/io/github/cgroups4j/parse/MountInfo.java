package io.github.cgroups4j.parse;

import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.CgroupParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /proc/<pid>/mountinfo}, parsed ({@code proc(5)}): the cgroup and cgroup2 mounts with their root (not
 * {@code /} inside a cgroup namespace or a container without one), mount point and super options.
 *
 * @param mounts every mount, in file order
 */
public record MountInfo(List<Mount> mounts) {
    /** Super options of v1 cgroup mounts that are not controllers. */
    private static final Set<String> NOT_CONTROLLERS = Set.of("rw", "ro", "noprefix", "clone_children", "xattr",
            "cpuset_v2_mode", "favordynmods", "nsdelegate", "memory_localevents", "memory_recursiveprot",
            "memory_hugetlb_accounting", "pids_localevents", "none");

    /** Copies the list. */
    public MountInfo {
        mounts = List.copyOf(mounts);
    }

    /**
     * One mount.
     *
     * @param id mount id
     * @param parentId parent mount id
     * @param major device major
     * @param minor device minor
     * @param root the root of the mount within its file system (e.g. {@code /} or {@code /docker/abc})
     * @param mountPoint where it is mounted
     * @param mountOptions per-mount options
     * @param optionalFields tagged fields such as {@code shared:7}
     * @param fsType the file system type, e.g. {@code cgroup}, {@code cgroup2}
     * @param source the mount source
     * @param superOptions per-superblock options (for v1 cgroup mounts: the controllers)
     */
    public record Mount(int id, int parentId, int major, int minor, String root, String mountPoint,
            String mountOptions, List<String> optionalFields, String fsType, String source, String superOptions) {
        /** Copies the list. */
        public Mount {
            optionalFields = List.copyOf(optionalFields);
        }

        /** @return whether this is a cgroup v1 hierarchy */
        public boolean isCgroupV1() {
            return fsType.equals("cgroup");
        }

        /** @return whether this is the cgroup v2 hierarchy */
        public boolean isCgroupV2() {
            return fsType.equals("cgroup2");
        }

        /**
         * @return for a v1 mount, its subsystems as {@code /proc/self/cgroup} names them (e.g. {@code cpu},
         *     {@code cpuacct}, {@code name=systemd}); empty otherwise
         */
        public List<String> controllers() {
            if (!isCgroupV1()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String o : superOptions.split(",")) {
                if (!o.isEmpty() && !NOT_CONTROLLERS.contains(o) && !o.startsWith("release_agent=")) {
                    out.add(o);
                }
            }
            return out;
        }

        /** @return whether the mount is read-only */
        public boolean isReadOnly() {
            return List.of(mountOptions.split(",")).contains("ro");
        }
    }

    /**
     * @param text the file's content
     * @return the mounts
     * @throws CgroupParseException for a line without the fields of {@code proc(5)}
     */
    public static MountInfo parse(String text) throws CgroupParseException {
        List<Mount> out = new ArrayList<>();
        for (String line : Lines.nonBlank(text)) {
            out.add(parseLine(line));
        }
        return new MountInfo(out);
    }

    /**
     * @param line one line of mountinfo
     * @return the mount
     * @throws CgroupParseException if the line lacks the fields of {@code proc(5)}
     */
    public static Mount parseLine(String line) throws CgroupParseException {
        List<String> f = Lines.fields(line);
        int sep = f.indexOf("-");
        if (f.size() < 10 || sep < 6 || f.size() - sep != 4) {
            throw new CgroupParseException("mountinfo", line,
                    "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS...] - FSTYPE SOURCE SUPEROPTIONS");
        }
        String dev = f.get(2);
        int colon = dev.indexOf(':');
        if (colon <= 0) {
            throw new CgroupParseException("mountinfo", line, "a device MAJ:MIN in the third field");
        }
        return new Mount(Lines.nonNegativeInt(f.get(0), "mountinfo", line),
                Lines.nonNegativeInt(f.get(1), "mountinfo", line),
                Lines.nonNegativeInt(dev.substring(0, colon), "mountinfo", line),
                Lines.nonNegativeInt(dev.substring(colon + 1), "mountinfo", line),
                unescape(f.get(3)), unescape(f.get(4)), f.get(5), f.subList(6, sep), f.get(sep + 1),
                unescape(f.get(sep + 2)), f.get(sep + 3));
    }

    /** Decodes the kernel's octal escapes ({@code \040} for a space, {@code \134} for a backslash, ...). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return s.charAt(from) <= '3';
    }

    /** @return the cgroup v1 and cgroup2 mounts */
    public List<Mount> cgroupMounts() {
        List<Mount> out = new ArrayList<>();
        for (Mount m : mounts) {
            if (m.isCgroupV1() || m.isCgroupV2()) {
                out.add(m);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * @param subsystem a v1 subsystem name such as {@code cpuacct} or {@code name=systemd}
     * @return the first v1 mount of that subsystem
     */
    public Optional<Mount> v1Mount(String subsystem) {
        for (Mount m : mounts) {
            if (m.isCgroupV1() && m.controllers().contains(subsystem)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** @return the first cgroup2 mount */
    public Optional<Mount> unifiedMount() {
        for (Mount m : mounts) {
            if (m.isCgroupV2()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * runc's {@code IsCgroup2HybridMode}: the cgroup2 hierarchy joined beside v1 is the one mounted at
     * {@code <cgroupRoot>/unified}, and only that one (a cgroup2 mounted elsewhere, such as Cilium's
     * {@code /run/cilium/cgroupv2}, is not the host's).
     *
     * @param cgroupRoot where the host mounts cgroups, normally {@code /sys/fs/cgroup}
     * @return the cgroup2 mount at {@code <cgroupRoot>/unified}
     */
    public Optional<Mount> hybridUnifiedMount(String cgroupRoot) {
        String at = cgroupRoot.endsWith("/") ? cgroupRoot + "unified" : cgroupRoot + "/unified";
        for (Mount m : mounts) {
            if (m.isCgroupV2() && m.mountPoint().equals(at)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * @param cgroupRoot where the host mounts cgroups, normally {@code /sys/fs/cgroup}
     * @return unified when the cgroup2 file system is mounted at {@code cgroupRoot} itself; hybrid when v1
     *     hierarchies exist and cgroup2 is mounted at {@code <cgroupRoot>/unified} (as runc decides); legacy when
     *     only v1 hierarchies do (a cgroup2 mounted elsewhere does not count); unified when only a cgroup2 mounted
     *     elsewhere exists; empty when there are no cgroup mounts
     */
    public Optional<CgroupMode> mode(String cgroupRoot) {
        boolean v1 = false;
        boolean v2 = false;
        for (Mount m : mounts) {
            if (m.isCgroupV2() && m.mountPoint().equals(cgroupRoot)) {
                return Optional.of(CgroupMode.UNIFIED);
            }
            v1 |= m.isCgroupV1();
            v2 |= m.isCgroupV2();
        }
        if (v1) {
            return Optional.of(hybridUnifiedMount(cgroupRoot).isPresent() ? CgroupMode.HYBRID : CgroupMode.LEGACY);
        }
        return v2 ? Optional.of(CgroupMode.UNIFIED) : Optional.empty();
    }
}
