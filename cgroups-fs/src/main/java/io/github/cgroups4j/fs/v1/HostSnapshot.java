package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.spi.ProcFs;

/**
 * What a manager needs to know of its host that does not change while it runs: the mounts and the kernel. A
 * process that creates many managers reads it once and passes it to {@link FsManager#create(
 * io.github.cgroups4j.CgroupConfig, io.github.cgroups4j.spi.CgroupFs, ProcFs, HostSnapshot)}.
 *
 * @param mounts the parsed {@code /proc/self/mountinfo}
 * @param kernelRelease the kernel release
 */
public record HostSnapshot(MountInfo mounts, String kernelRelease) {
    /**
     * @param proc where to read
     * @return the host as it is now
     * @throws CgroupException if procfs cannot be read or parsed
     */
    public static HostSnapshot read(ProcFs proc) throws CgroupException {
        return new HostSnapshot(MountInfo.parse(proc.mountInfo()), proc.kernelRelease().strip());
    }
}
