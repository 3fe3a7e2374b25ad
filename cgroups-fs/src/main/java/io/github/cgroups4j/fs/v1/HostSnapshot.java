package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.parse.HugePageSizes;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.parse.UserNamespace;
import io.github.cgroups4j.spi.ProcFs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a manager needs to know of its host that does not change while it runs: the mounts (indexed by subsystem),
 * the kernel, the page size, the huge page sizes and whether this process is in a user namespace. A process that
 * creates many managers reads it once and passes it to
 * {@link FsManager#create(io.github.cgroups4j.CgroupConfig, io.github.cgroups4j.spi.CgroupFs, ProcFs, HostSnapshot)}.
 */
public final class HostSnapshot {
    private static final String DEFAULT_ROOT = "/sys/fs/cgroup";

    private final MountInfo mounts;
    private final String kernelRelease;
    private final long pageSize;
    private final List<String> hugePageSizes;
    private final boolean userNamespace;
    private final String cgroupRoot;
    private final Optional<CgroupMode> mode;
    private final Map<String, MountInfo.Mount> v1ByController = new HashMap<>();
    /**
     * What the kernel's hierarchy roots showed when first asked (which optional files exist): fixed while it runs,
     * so probed once per host and shared by every manager made with this snapshot ({@link V1Context.Host#probed}).
     */
    final Map<String, Object> probed = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A host with x86 pages, no huge pages, outside any user namespace.
     *
     * @param mounts the parsed {@code /proc/self/mountinfo}
     * @param kernelRelease the kernel release
     */
    public HostSnapshot(MountInfo mounts, String kernelRelease) {
        this(mounts, kernelRelease, 4096, List.of(), false);
    }

    /**
     * @param mounts the parsed {@code /proc/self/mountinfo}
     * @param kernelRelease the kernel release
     * @param pageSize the page size in bytes
     * @param hugePageSizes the huge page sizes as the hugetlb controller names them ({@code 2MB})
     * @param userNamespace whether this process is in a user namespace
     */
    public HostSnapshot(MountInfo mounts, String kernelRelease, long pageSize, List<String> hugePageSizes,
            boolean userNamespace) {
        this.mounts = Objects.requireNonNull(mounts);
        this.kernelRelease = Objects.requireNonNull(kernelRelease);
        this.pageSize = pageSize;
        this.hugePageSizes = List.copyOf(hugePageSizes);
        this.userNamespace = userNamespace;
        String root = null;
        for (MountInfo.Mount m : mounts.cgroupMounts()) {
            if (m.isCgroupV1()) {
                for (String c : m.controllers()) {
                    v1ByController.putIfAbsent(c, m); // the first mount of a subsystem, as MountInfo.v1Mount
                }
                String parent = m.mountPoint().substring(0, Math.max(1, m.mountPoint().lastIndexOf('/')));
                if (root == null || parent.equals(DEFAULT_ROOT)) {
                    root = parent; // runc's rootPath: /sys/fs/cgroup, else the parent of the first cgroup mount
                }
            }
        }
        this.cgroupRoot = root == null ? DEFAULT_ROOT : root;
        this.mode = mounts.mode(cgroupRoot);
    }

    /**
     * @param proc where to read
     * @return the host as it is now
     * @throws CgroupException if procfs cannot be read or parsed
     */
    public static HostSnapshot read(ProcFs proc) throws CgroupException {
        return new HostSnapshot(MountInfo.parse(proc.mountInfo()), proc.kernelRelease().strip(), proc.pageSize(),
                HugePageSizes.fromDirectoryNames(proc.hugePageDirectories()),
                UserNamespace.inUserNamespace(proc.uidMap()));
    }

    /** @return the mounts */
    public MountInfo mounts() {
        return mounts;
    }

    /** @return the kernel release */
    public String kernelRelease() {
        return kernelRelease;
    }

    /** @return the page size in bytes */
    public long pageSize() {
        return pageSize;
    }

    /** @return the huge page sizes ({@code 2MB}, {@code 1GB}) */
    public List<String> hugePageSizes() {
        return hugePageSizes;
    }

    /** @return whether this process is in a user namespace */
    public boolean userNamespace() {
        return userNamespace;
    }

    /** @return the directory holding the v1 hierarchies, {@code /sys/fs/cgroup} normally (runc's root path) */
    public String cgroupRoot() {
        return cgroupRoot;
    }

    /** @return legacy, hybrid or unified; empty without cgroup mounts */
    public Optional<CgroupMode> mode() {
        return mode;
    }

    /** @return whether any cgroup v1 hierarchy is mounted */
    public boolean hasV1() {
        return !v1ByController.isEmpty();
    }

    /**
     * @param subsystem a v1 subsystem name
     * @return its mount
     */
    public Optional<MountInfo.Mount> v1Mount(String subsystem) {
        return Optional.ofNullable(v1ByController.get(subsystem));
    }

    /**
     * @return the cgroup2 hierarchy a v2 manager uses: on a unified host the one mounted at the cgroup root, on a
     *     hybrid host the one at {@code <root>/unified}; empty on a v1-only host
     */
    public Optional<MountInfo.Mount> unifiedMount() {
        if (mode.orElse(null) == CgroupMode.UNIFIED) {
            for (MountInfo.Mount m : mounts.cgroupMounts()) {
                if (m.isCgroupV2() && m.mountPoint().equals(cgroupRoot)) {
                    return Optional.of(m);
                }
            }
            return mounts.unifiedMount();
        }
        return hybridUnifiedMount();
    }

    /** @return on a hybrid host, the cgroup2 mount at {@code <root>/unified} that runc joins; otherwise empty */
    public Optional<MountInfo.Mount> hybridUnifiedMount() {
        return mode.orElse(null) == CgroupMode.HYBRID ? mounts.hybridUnifiedMount(cgroupRoot) : Optional.empty();
    }
}
