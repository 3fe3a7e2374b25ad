package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** cgctl: run commands under cgroup limits, manage cgroups, check a host, and simulate the kmem incident. */
@Command(name = "cgctl", mixinStandardHelpOptions = true, version = "cgctl 0.1.0 (cgroups4j)",
        description = "Run commands under cgroup limits, manage cgroups, check a host's kernel-memory gate, and "
                + "simulate the CentOS 7 kmem incident.")
public final class Cgctl implements Runnable {
    /** Exit code for a failed operation. */
    static final int FAILED = 1;
    /** Exit code for bad usage. */
    static final int USAGE = 2;
    /** Exit code, as shells use it, for a command that cannot be executed. */
    static final int CANNOT_EXECUTE = 126;
    /** Exit code, as shells use it, for a command that is not found. */
    static final int NOT_FOUND = 127;

    final Host host;

    @Option(names = {"-v", "--verbose"}, description = "Log what cgroups4j does (slf4j at debug) to stderr.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    Cgctl(Host host) {
        this.host = host;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is needed");
    }

    /**
     * Builds the command line with cgctl's error handling: one line naming what failed, exit 1; usage errors exit 2.
     *
     * @param host where cgroups live
     * @return the command line
     */
    static CommandLine commandLine(Host host) {
        return commandLine(host, new String[0]);
    }

    /** The commands, in the order {@code --help} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(RunCommand.class, CreateCommand.class,
            SetCommand.class, StatsCommand.class, FreezeCommands.Freeze.class, FreezeCommands.Thaw.class,
            DestroyCommand.class, EventsCommand.class, LsCommand.class, KmemGateCommand.class, DoctorCommand.class,
            SimulateCommand.class, CommandLine.HelpCommand.class);

    /**
     * Builds the command line with cgctl's error handling. When {@code args} name a command, only that command's
     * model is built (picocli's reflection over every command costs about 0.1 s of each start); otherwise, or for
     * {@code help}, all of them.
     *
     * @param host where cgroups live
     * @param args the arguments about to be executed
     * @return the command line
     */
    static CommandLine commandLine(Host host, String[] args) {
        CommandLine cl = new CommandLine(new Cgctl(host));
        String first = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        Class<?> only = null;
        for (Class<?> c : COMMANDS) {
            if (c.getAnnotation(Command.class).name().equals(first) && c != CommandLine.HelpCommand.class) {
                only = c;
            }
        }
        for (Class<?> c : COMMANDS) {
            if (only == null || c == only) {
                cl.addSubcommand(c);
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
            err.println("cgctl: " + e.getMessage());
            err.println("(see cgctl " + (e.getCommandLine().getCommandName().equals("cgctl") ? ""
                    : e.getCommandLine().getCommandName() + " ") + "--help)");
            err.flush();
            return USAGE;
        });
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
                || e instanceof IllegalArgumentException ? USAGE : e instanceof CliError c ? c.exitCode() : FAILED);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof CliError c) {
                err.println("cgctl: " + c.getMessage());
                err.flush();
                return c.exitCode();
            }
            if (e instanceof IllegalArgumentException) {
                err.println("cgctl: " + e.getMessage());
                err.flush();
                return USAGE;
            }
            err.println("cgctl: " + (e instanceof CgroupException ? "" : e.getClass().getSimpleName() + ": ")
                    + e.getMessage());
            err.flush();
            return FAILED;
        });
        return cl;
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
        System.exit(commandLine(Host.real(), args).execute(args));
    }
}
