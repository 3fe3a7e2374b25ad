package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cgctl create NAME [limits]}: create a cgroup in every mounted hierarchy and set its limits. */
@Command(name = "create", description = "Create a cgroup with limits (nothing joins it).")
final class CreateCommand extends NamedCgroup implements Callable<Integer> {
    @Mixin
    LimitOptions limits;

    @Override
    public Integer call() throws Exception {
        CgroupManager m = manager(limits.config(name));
        m.apply(CgroupManager.NO_PID);
        try {
            m.set(m.config().resources());
        } catch (Exception e) {
            m.destroy(); // a failed create leaves nothing behind
            throw e;
        }
        m.paths().forEach((k, v) -> System.out.println((k.isEmpty() ? "unified" : k) + "\t" + v));
        return 0;
    }
}
