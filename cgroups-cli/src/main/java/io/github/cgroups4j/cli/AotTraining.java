package io.github.cgroups4j.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * The training run of {@code bin/cgctl}'s AOT cache (JDK 25+, {@code -XX:AOTCacheOutput}): a few read-only commands in
 * one JVM, their output discarded, so that the cache holds what the common commands load: {@code kmem-gate} (no
 * native call), {@code ls} (the native boundary, the mounts, slf4j) and the annotation models {@code --help} builds.
 * Nothing is created or changed; a command that fails here (no memory hierarchy) only trains less.
 */
final class AotTraining {
    private static final List<String[]> RUNS = List.of(new String[] {"kmem-gate", "--json"},
            new String[] {"kmem-gate"}, new String[] {"ls", "/"}, new String[] {"--help"});

    private AotTraining() {
    }

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(none);
        System.setErr(none);
        try {
            for (String[] run : RUNS) {
                Cgctl.commandLine(Host.real(), run).execute(run);
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
