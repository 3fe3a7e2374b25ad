package io.github.cgroups4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cgctl destroy NAME}. */
@Command(name = "destroy", description = "Remove a cgroup and the cgroups below it (they must have no tasks).")
final class DestroyCommand extends NamedCgroup implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        existing().destroy();
        return 0;
    }
}
