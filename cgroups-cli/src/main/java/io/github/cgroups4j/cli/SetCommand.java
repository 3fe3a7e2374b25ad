package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cgctl set NAME [limits]}: change an existing cgroup's limits. */
@Command(name = "set", mixinStandardHelpOptions = true, description = "Set limits on an existing cgroup; options not given are left alone.")
final class SetCommand extends NamedCgroup implements Callable<Integer> {
    @Mixin
    LimitOptions limits;

    @Override
    public Integer call() throws Exception {
        CgroupManager m = manager(limits.config(name, driver, parent.host));
        if (m.config().resources().equals(io.github.cgroups4j.Resources.empty())) {
            throw new IllegalArgumentException("set " + name + ": give at least one limit, e.g. --memory 128M (a 0, "
                    + "as in --memory 0 or --pids-limit 0, means not set, as in docker and runc: it changes nothing)");
        }
        if (!m.exists()) {
            throw new CliError(Cgctl.FAILED, "no such cgroup: " + name + " (create it first)");
        }
        limits.warnAboutV1(m);
        m.set(m.config().resources());
        return 0;
    }
}
