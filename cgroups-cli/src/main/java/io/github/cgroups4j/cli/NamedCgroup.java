package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The NAME (a cgroup path as runc's cgroupsPath) and driver of the commands on long-lived cgroups. */
abstract class NamedCgroup {
    @ParentCommand
    Cgctl parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "The cgroup path, e.g. /batch/job1; with "
            + "--driver systemd, slice:prefix:name, e.g. system.slice:cgctl:job1.")
    String name;

    @Option(names = "--driver", paramLabel = "DRIVER", defaultValue = "fs",
            description = "fs (the cgroupfs, default) or systemd (a transient unit over D-Bus).")
    String driver;

    CgroupManager manager(CgroupConfig.Builder config) throws CgroupException {
        return parent.host.manager(config.build(), driver);
    }

    /** A manager over an existing cgroup; an error naming it when it does not exist. */
    CgroupManager existing() throws CgroupException {
        CgroupManager m = manager(Host.config(name, driver));
        if (!m.exists()) {
            throw new CliError(Cgctl.FAILED, "no such cgroup: " + name);
        }
        return m;
    }
}
