package io.github.cgroups4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgctl run}'s barrier: the command waits on a FIFO until the limits are in place, and {@code release} lets it
 * go. Processes here are plain {@code sh}/{@code mkfifo} children of the test; no cgroup is touched.
 */
class BarrierTest {
    @TempDir
    Path tmp;

    private Path fifo() throws Exception {
        Path f = tmp.resolve("go");
        assertEquals(0, new ProcessBuilder("mkfifo", "-m", "600", f.toString()).start().waitFor());
        return f;
    }

    @Test
    void releaseLetsTheWaitingCommandGo() throws Exception {
        Path f = fifo();
        Process child = new ProcessBuilder("sh", "-c", "read x < \"$0\" && echo \"$x\"", f.toString()).start();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> RunCommand.release(f, child));
        assertEquals(true, child.waitFor(20, TimeUnit.SECONDS));
        assertEquals("go\n", new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /**
     * The hang this guards against, reproduced every time: the command died before it opened the FIFO (a signal
     * passed on to it), so nobody will ever read it, and a plain open for writing waits for ever. release returns.
     */
    @Test
    void releaseReturnsWhenTheCommandDiedBeforeReading() throws Exception {
        Path f = fifo();
        Process child = new ProcessBuilder("sh", "-c", "exit 3").start();
        assertEquals(3, child.waitFor());
        assertFalse(child.isAlive());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> RunCommand.release(f, child),
                "release waited for a reader that is gone");
    }
}
