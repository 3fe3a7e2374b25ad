package io.github.cgroups4j.cli;

/**
 * A failure to tell the user in their words, with the exit code it deserves (1, or a shell's 126/127; run maps 1 to
 * 125).
 */
final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
