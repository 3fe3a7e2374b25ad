package io.github.cgroups4j.fs;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.fs.v1.FsManager;
import io.github.cgroups4j.fs.v1.HostSnapshot;
import io.github.cgroups4j.fs.v2.Fs2Manager;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;

/**
 * A manager for a given host: the v1 {@code FsManager} on a legacy or hybrid host, the v2 {@code Fs2Manager} on a
 * unified one, decided from that host's mounts. The same code then runs unchanged on the real cgroupfs and on the
 * testkit's fakes of either kind, e.g. {@code CgroupfsManagers.create(config, fake, fake.procFs())}.
 */
public final class CgroupfsManagers {
    private CgroupfsManagers() {
    }

    /**
     * @param config the cgroup
     * @param fs the cgroupfs (the real one, or a fake)
     * @param proc the procfs that goes with it
     * @return a manager; nothing is created until {@link CgroupManager#apply(long)}
     * @throws CgroupException if the host has no cgroup mount, or it cannot be read
     */
    public static CgroupManager create(CgroupConfig config, CgroupFs fs, ProcFs proc) throws CgroupException {
        HostSnapshot host = HostSnapshot.read(proc);
        if (host.mode().orElse(null) == CgroupMode.UNIFIED) {
            return Fs2Manager.create(config, fs, proc, host);
        }
        return FsManager.create(config, fs, proc, host);
    }
}
