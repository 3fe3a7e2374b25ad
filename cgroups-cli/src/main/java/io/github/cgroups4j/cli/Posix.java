package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.fs.LinuxProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The POSIX calls Java lacks. {@code kill(2)} goes through the library's own native boundary (JNA or
 * {@code java.lang.foreign}); what a terminal is comes from {@code /proc}. (jnr-posix did this before [P]: its jffi
 * printed {@code sun.misc.Unsafe} warnings on JDK 24+ and cost start-up time.)
 */
final class Posix {
    private Posix() {
    }

    /**
     * {@code kill(2)}.
     *
     * @return 0, or the errno
     */
    static int kill(long pid, int signal) {
        try {
            LinuxProcFs.system().kill(pid, signal);
            return 0;
        } catch (CgroupException e) {
            return e.errnoNumber();
        }
    }

    /** @return whether standard error is a terminal: descriptor 2 is a tty device ({@code /proc/self/fd/2}) */
    static boolean stderrIsTerminal() {
        try {
            return isTerminal(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A pseudo-terminal, a virtual console or a serial line, the devices {@code isatty(3)} says yes to. */
    static boolean isTerminal(String device) {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
    }

    /**
     * Whether this process is in the foreground process group of its controlling terminal
     * ({@code /proc/self/stat}: pgrp equals tpgid): then the terminal's INT, QUIT and WINCH reach the command too.
     */
    static boolean inForegroundOfATerminal() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "(comm) ": state ppid pgrp session tty_nr tpgid
            return !f[4].equals("0") && f[2].equals(f[5]);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
