package io.github.cgroups4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/** The POSIX calls Java lacks, from jnr-posix, loaded on first use (it costs startup time). */
final class Posix {
    private Posix() {
    }

    private static final class Holder {
        static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    }

    /**
     * {@code kill(2)}.
     *
     * @return 0, or the errno
     */
    static int kill(long pid, int signal) {
        POSIX p = Holder.POSIX;
        return p.kill((int) pid, signal) == 0 ? 0 : p.errno();
    }

    /** @return whether standard error is a terminal */
    static boolean stderrIsTerminal() {
        return Holder.POSIX.isatty(2) == 1;
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
