package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupManagers;
import io.github.cgroups4j.fs.LinuxProcFs;
import io.github.cgroups4j.fs.NativeCgroupFs;
import io.github.cgroups4j.fs.v1.FsManager;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;

/** Where cgctl's cgroups live: the real host, or (in tests) a fake one. */
interface Host {
    /** @return a manager for the config on this host, through the named driver */
    CgroupManager manager(CgroupConfig config, String driver) throws CgroupException;

    /** @return the cgroupfs */
    CgroupFs fs() throws CgroupException;

    /** @return the procfs */
    ProcFs proc();

    /** The machine cgctl runs on. */
    static Host real() {
        return new Host() {
            @Override
            public CgroupManager manager(CgroupConfig config, String driver) throws CgroupException {
                Host.check(driver);
                return CgroupManagers.create(config);
            }

            @Override
            public CgroupFs fs() throws CgroupException {
                return NativeCgroupFs.shared();
            }

            @Override
            public ProcFs proc() {
                return LinuxProcFs.system();
            }
        };
    }

    /** A host over any CgroupFs/ProcFs pair (the testkit's fakes), with the v1 or v2 manager as the host is. */
    static Host over(CgroupFs fs, ProcFs proc) {
        return new Host() {
            @Override
            public CgroupManager manager(CgroupConfig config, String driver) throws CgroupException {
                if (Host.check(driver)) {
                    throw new IllegalArgumentException("--driver systemd needs a real systemd; this host is a fake");
                }
                return io.github.cgroups4j.fs.CgroupfsManagers.create(config, fs, proc);
            }

            @Override
            public CgroupFs fs() {
                return fs;
            }

            @Override
            public ProcFs proc() {
                return proc;
            }
        };
    }

    /** @return whether {@code driver} is systemd; fs (or none) is false; anything else is refused */
    static boolean check(String driver) {
        if (driver == null || driver.equals("fs")) {
            return false;
        }
        if (driver.equals("systemd")) {
            return true;
        }
        throw new IllegalArgumentException("--driver: \"" + driver + "\" is not fs or systemd");
    }

    /**
     * @param name the NAME argument: a cgroup path for fs, {@code slice:prefix:name} for systemd
     * @param driver the driver
     * @return a builder for it
     */
    static CgroupConfig.Builder config(String name, String driver) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("NAME is empty: give a cgroup path such as /batch/job1");
        }
        if (name.chars().allMatch(c -> c == '/')) {
            throw new IllegalArgumentException("NAME " + name + " is the root of every hierarchy, which cgctl does not "
                    + "manage: give a cgroup below it, such as /batch/job1");
        }
        if (!check(driver)) {
            return CgroupConfig.forPath(name);
        }
        try {
            return io.github.cgroups4j.systemd.SystemdNames.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--driver systemd: NAME \"" + name + "\" must be slice:prefix:name "
                    + "as runc takes it, e.g. system.slice:cgctl:job1 (unit cgctl-job1.scope) or "
                    + "batch.slice::batch-nightly.slice (" + e.getMessage() + ")");
        }
    }
}
