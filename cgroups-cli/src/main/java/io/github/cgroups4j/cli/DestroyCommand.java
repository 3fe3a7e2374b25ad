package io.github.cgroups4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cgctl destroy NAME [--kill]}. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Remove a cgroup and the cgroups below it. With tasks in it nothing is removed and the tasks "
                + "are named, unless --kill.")
final class DestroyCommand extends NamedCgroup implements Callable<Integer> {
    @Option(names = "--kill", description = "Freeze the cgroup, SIGKILL every task in it, thaw, wait for them to "
            + "leave, then remove it: the cleanup after a crashed owner (or a SIGKILLed cgctl run).")
    boolean kill;

    @Override
    public Integer call() throws Exception {
        try {
            existing().destroy(kill);
        } catch (io.github.cgroups4j.CgroupException e) {
            if (!kill && e.is(io.github.cgroups4j.Errno.EBUSY) && e.getMessage().contains("tasks are still in it")) {
                throw new CliError(Cgctl.FAILED, e.getMessage() + "; cgctl destroy --kill " + name
                        + " ends them first");
            }
            throw e;
        }
        return 0;
    }
}
