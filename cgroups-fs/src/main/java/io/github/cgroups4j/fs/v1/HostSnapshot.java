package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.spi.ProcFs;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a manager needs to know of its host that does not change while it runs: the mounts (indexed by subsystem)
 * and the kernel. A process that creates many managers reads it once and passes it to
 * {@link FsManager#create(io.github.cgroups4j.CgroupConfig, io.github.cgroups4j.spi.CgroupFs, ProcFs, HostSnapshot)}.
 */
public final class HostSnapshot {
    private final MountInfo mounts;
    private final String kernelRelease;
    private final Optional<CgroupMode> mode;
    private final Map<String, MountInfo.Mount> v1ByController = new HashMap<>();

    /**
     * @param mounts the parsed {@code /proc/self/mountinfo}
     * @param kernelRelease the kernel release
     */
    public HostSnapshot(MountInfo mounts, String kernelRelease) {
        this.mounts = Objects.requireNonNull(mounts);
        this.kernelRelease = Objects.requireNonNull(kernelRelease);
        this.mode = mounts.mode("/sys/fs/cgroup");
        for (MountInfo.Mount m : mounts.cgroupMounts()) {
            for (String c : m.controllers()) {
                v1ByController.putIfAbsent(c, m); // the first mount of a subsystem, as MountInfo.v1Mount
            }
        }
    }

    /**
     * @param proc where to read
     * @return the host as it is now
     * @throws CgroupException if procfs cannot be read or parsed
     */
    public static HostSnapshot read(ProcFs proc) throws CgroupException {
        return new HostSnapshot(MountInfo.parse(proc.mountInfo()), proc.kernelRelease().strip());
    }

    /** @return the mounts */
    public MountInfo mounts() {
        return mounts;
    }

    /** @return the kernel release */
    public String kernelRelease() {
        return kernelRelease;
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
}
