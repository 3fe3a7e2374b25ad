package io.github.cgroups4j.cli;

import io.github.cgroups4j.FreezerState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cgctl freeze|thaw NAME}. */
final class FreezeCommands {
    private FreezeCommands() {
    }

    /** Freeze every task of the cgroup. */
    @Command(name = "freeze", mixinStandardHelpOptions = true, description = "Freeze every task in the cgroup.")
    static final class Freeze extends NamedCgroup implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            existing().freeze(FreezerState.FROZEN);
            return 0;
        }
    }

    /** Thaw the cgroup. */
    @Command(name = "thaw", mixinStandardHelpOptions = true, description = "Thaw a frozen cgroup.")
    static final class Thaw extends NamedCgroup implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            existing().freeze(FreezerState.THAWED);
            return 0;
        }
    }
}
