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
                return Host.check(driver) ? CgroupManagers.create(config) : null;
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
                Host.check(driver);
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

    /** Only the fs driver exists yet; systemd comes with a later release. */
    static boolean check(String driver) {
        if (driver == null || driver.equals("fs")) {
            return true;
        }
        if (driver.equals("systemd")) {
            throw new IllegalArgumentException("--driver systemd: the systemd driver is not available yet; use fs");
        }
        throw new IllegalArgumentException("--driver: \"" + driver + "\" is not fs or systemd");
    }
}
