package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * cgctl: run commands under cgroup limits, manage cgroups, check a host, and simulate the kmem incident.
 *
 * <p>The root command's picocli model is built in code (as {@code kmem-gate}'s is): every command's start goes
 * through it, and picocli's reading of annotations costs the JVM a generated proxy class per annotation type.
 */
public final class Cgctl implements Runnable {
    /** What {@code --version} prints. */
    static final String VERSION = "cgctl 0.1.0 (cgroups4j)";
    /** Exit code for a failed operation. */
    static final int FAILED = 1;
    /** Exit code for bad usage. */
    static final int USAGE = 2;
    /**
     * Exit code of {@code run} when cgctl itself fails (bad usage included), before or after the command: as
     * {@code docker run}, {@code timeout(1)} and {@code env(1)}, so that it is not taken for the command's own status.
     */
    static final int RUN_FAILED = 125;
    /** Exit code, as shells use it, for a command that cannot be executed. */
    static final int CANNOT_EXECUTE = 126;
    /** Exit code, as shells use it, for a command that is not found. */
    static final int NOT_FOUND = 127;

    final Host host;
    private CommandLine self;

    Cgctl(Host host) {
        this.host = host;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(self, "a command is needed");
    }

    /** Adds {@code -h}/{@code --help} and {@code -V}/{@code --version} as picocli's standard help mixin has them. */
    static void addStandardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    private static CommandSpec rootSpec(Cgctl cgctl) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(cgctl).name("cgctl").version(VERSION);
        spec.usageMessage().description("Run commands under cgroup limits, manage cgroups, check a host's "
                + "kernel-memory gate, and simulate the CentOS 7 kmem incident.");
        addStandardHelpOptions(spec);
        // read by main before parsing (logging is set up before anything logs); parsed here so every command takes it
        spec.addOption(OptionSpec.builder("-v", "--verbose").type(boolean.class).initialValue(false)
                .scopeType(CommandLine.ScopeType.INHERIT)
                .description("Log what cgroups4j does (slf4j at debug) to stderr.").build());
        return spec;
    }

    /**
     * Builds the command line with cgctl's error handling: one line naming what failed, exit 1; usage errors exit 2;
     * run's own failures, both kinds, exit 125 ({@link #RUN_FAILED}).
     *
     * @param host where cgroups live
     * @return the command line
     */
    static CommandLine commandLine(Host host) {
        return commandLine(host, new String[0]);
    }

    /**
     * The commands, by name, in the order {@code --help} lists them, each with its class: picocli reads its
     * annotations, but for {@code kmem-gate}, whose model is built in code ({@link KmemGateCommand#spec()}). The names
     * are the annotations' (a test holds them equal); they are here so that choosing a command reads no annotation.
     */
    static final List<Map.Entry<String, Class<?>>> COMMANDS = List.of(Map.entry("run", RunCommand.class),
            Map.entry("create", CreateCommand.class), Map.entry("set", SetCommand.class),
            Map.entry("stats", StatsCommand.class), Map.entry("freeze", FreezeCommands.Freeze.class),
            Map.entry("thaw", FreezeCommands.Thaw.class), Map.entry("destroy", DestroyCommand.class),
            Map.entry("events", EventsCommand.class), Map.entry("ls", LsCommand.class),
            Map.entry(KmemGateCommand.NAME, KmemGateCommand.class), Map.entry("doctor", DoctorCommand.class),
            Map.entry("simulate", SimulateCommand.class), Map.entry("help", CommandLine.HelpCommand.class));

    /**
     * Builds the command line with cgctl's error handling. When {@code args} name a command, only that command's
     * model is built (picocli's reflection over every command costs about 0.1 s of each start); for {@code --version}
     * alone, none; otherwise, or for {@code help}, all of them.
     *
     * @param host where cgroups live
     * @param args the arguments about to be executed
     * @return the command line
     */
    static CommandLine commandLine(Host host, String[] args) {
        Cgctl cgctl = new Cgctl(host);
        CommandLine cl = new CommandLine(rootSpec(cgctl));
        cgctl.self = cl;
        String first = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                first = a;
                break;
            }
        }
        String only = null;
        for (Map.Entry<String, Class<?>> c : COMMANDS) {
            if (c.getKey().equals(first) && !first.equals("help")) {
                only = first;
            }
        }
        boolean versionOnly = first == null && args.length == 1
                && (args[0].equals("-V") || args[0].equals("--version"));
        // an unknown command is named as such below (the parameter exception handler): no model is needed for that
        boolean unknown = first != null && only == null && !first.equals("help");
        for (Map.Entry<String, Class<?>> c : COMMANDS) {
            if (!versionOnly && !unknown && (only == null || c.getKey().equals(only))) {
                if (c.getValue() == KmemGateCommand.class) {
                    cl.addSubcommand(c.getKey(), new CommandLine(new KmemGateCommand(host).spec()));
                } else {
                    cl.addSubcommand(c.getKey(), c.getValue());
                }
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().version(VERSION); // each command's -V/--version says what cgctl is
            }
        }
        cl.registerConverter(Long.class, v -> number(v, "a whole number", Long::valueOf));
        cl.registerConverter(Long.TYPE, v -> number(v, "a whole number", Long::valueOf));
        cl.registerConverter(Integer.class, v -> number(v, "a whole number", Integer::valueOf));
        cl.registerConverter(Integer.TYPE, v -> number(v, "a whole number", Integer::valueOf));
        cl.registerConverter(Double.class, v -> number(v, "a number such as 0.5", Double::valueOf));
        cl.registerConverter(Double.TYPE, v -> number(v, "a number such as 0.5", Double::valueOf));
        cl.setParameterExceptionHandler((e, given) -> {
            PrintWriter err = e.getCommandLine().getErr();
            boolean root = e.getCommandLine().getCommandName().equals("cgctl");
            if (root && e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                    && !u.getUnmatched().get(0).startsWith("-")) {
                List<String> names = new java.util.ArrayList<>();
                COMMANDS.forEach(c -> names.add(c.getKey()));
                err.println("cgctl: unknown command \"" + u.getUnmatched().get(0) + "\"; the commands are "
                        + String.join(", ", names));
            } else {
                err.println("cgctl: " + e.getMessage());
                if (e.getCommandLine().getCommandName().equals("run")
                        && e instanceof CommandLine.UnmatchedArgumentException u && u.getSuggestions().isEmpty()
                        && commandBeforeDoubleDash(given, u.getUnmatched())) {
                    // "run --memory 64M ls -la": the command's own options were taken for cgctl's
                    err.println("cgctl: the command to run goes after --: cgctl run [OPTIONS] -- CMD [ARGS...]");
                }
            }
            err.println(hint(e.getCommandLine()));
            err.flush();
            return own(e.getCommandLine(), USAGE);
        });
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
                || e instanceof IllegalArgumentException ? USAGE : e instanceof CliError c ? c.exitCode() : FAILED);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (shuttingDown()) {
                return FAILED; // a signal is ending the JVM (it sets the exit status): what failed on the way is noise
            }
            PrintWriter err = cmd.getErr();
            if (e instanceof CliError c) {
                err.println("cgctl: " + c.getMessage());
                err.flush();
                return own(cmd, c.exitCode());
            }
            if (e instanceof IllegalArgumentException) {
                err.println("cgctl: " + e.getMessage());
                err.println(hint(cmd)); // a usage error, as the parser's: the same pointer to the help
                err.flush();
                return own(cmd, USAGE);
            }
            err.println("cgctl: " + (e instanceof CgroupException ? "" : e.getClass().getSimpleName() + ": ")
                    + e.getMessage());
            if (e instanceof CgroupException c) {
                cpusetHint(c).ifPresent(err::println);
            }
            err.flush();
            return own(cmd, FAILED);
        });
        return cl;
    }

    /**
     * The kernel refuses a CPU or memory node this machine lacks (ERANGE) or a list it cannot read (EINVAL) without
     * saying which it has: this says it (sysfs's online lists).
     */
    static java.util.Optional<String> cpusetHint(CgroupException e) {
        if (!e.is(io.github.cgroups4j.Errno.ERANGE) && !e.is(io.github.cgroups4j.Errno.EINVAL)) {
            return java.util.Optional.empty();
        }
        String file = e.file().orElse("");
        String[] what = file.equals("cpuset.cpus") ? new String[] {"CPUs", "/sys/devices/system/cpu/online"}
                : file.equals("cpuset.mems") ? new String[] {"memory nodes", "/sys/devices/system/node/online"} : null;
        if (what == null) {
            return java.util.Optional.empty();
        }
        try {
            String online = java.nio.file.Files.readString(java.nio.file.Path.of(what[1])).strip();
            return java.util.Optional.of("(this machine's " + what[0] + ": " + online + ")");
        } catch (java.io.IOException | RuntimeException unreadable) {
            return java.util.Optional.empty();
        }
    }

    /**
     * "run --memory 64M ls -la": a plain word (the command) comes before the first unmatched argument, and no
     * {@code --} before that (a {@code --} among the command's own arguments does not count). A typo of cgctl's own
     * option (picocli suggests one) is just that.
     */
    static boolean commandBeforeDoubleDash(String[] given, List<String> unmatched) {
        if (unmatched.isEmpty()) {
            return false;
        }
        int first = -1;
        for (int i = 0; i < given.length; i++) {
            if (given[i].equals(unmatched.get(0))) {
                first = i;
                break;
            }
        }
        int runAt = List.of(given).indexOf("run");
        boolean plainWord = false;
        for (int i = runAt + 1; i >= 1 && i < (first < 0 ? given.length : first); i++) {
            if (given[i].equals("--")) {
                return false;
            }
            // a word that is not an option's value: the option before it is absent, a flag with =, or not --x
            plainWord |= !given[i].startsWith("-") && (!given[i - 1].startsWith("--") || given[i - 1].contains("="));
        }
        return plainWord;
    }

    /** @return {@code code}, or for {@code run} (1 and 2: cgctl's own failure) {@link #RUN_FAILED} */
    static int own(CommandLine cmd, int code) {
        return cmd.getCommandName().equals("run") && (code == FAILED || code == USAGE) ? RUN_FAILED : code;
    }

    /** @return the line after a usage error: where the command's help is */
    private static String hint(CommandLine cmd) {
        return "(see cgctl " + (cmd.getCommandName().equals("cgctl") ? "" : cmd.getCommandName() + " ") + "--help)";
    }

    private static <T> T number(String v, String what, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(v.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + v + "' is not " + what);
        }
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        boolean verbose = false;
        for (String a : args) {
            if (a.equals("-v") || a.equals("--verbose")) {
                verbose = true;
            }
            if (a.equals("--")) {
                break;
            }
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // dbus-java's own protocol chatter (serials, signatures) is not what cgroups4j does
        System.setProperty("org.slf4j.simpleLogger.log.org.freedesktop", verbose ? "info" : "error");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", verbose ? "true" : "false");
        if (!verbose && args.length > 0 && args[0].equals("simulate")) {
            // the simulated node's own warnings (its kmem policy at work) are the subject, not news for the user
            System.setProperty("org.slf4j.simpleLogger.log.io.github.cgroups4j", "error");
        }
        int rc;
        try {
            rc = commandLine(Host.real(), args).execute(args);
        } catch (RuntimeException | Error e) {
            if (shuttingDown()) {
                return; // a signal is ending the JVM before any cleanup was needed: no stack trace for it
            }
            if (!isRun(args)) {
                throw e;
            }
            // what escaped every handler (an Error from the native layer, say): run's own failure, one line
            System.err.println("cgctl: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            rc = RUN_FAILED;
        }
        if (shuttingDown()) {
            return; // the signal's shutdown sets the exit status (on JDK 17 a late System.exit could override it)
        }
        System.exit(rc);
    }

    /** @return whether the command line runs {@code run} (the first word that is not a root option) */
    private static boolean isRun(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a.equals("run");
            }
            if (a.equals("--")) {
                return false;
            }
        }
        return false;
    }

    /** @return whether the JVM has begun to shut down (a signal, or another thread's exit) */
    static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
