package io.github.cgroups4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.fs.RealCgroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The embedding example on this machine's real cgroups. */
class EmbeddingExampleIT {
    @Test
    void embedsAndCleansUp() throws Exception {
        RealCgroups.require("memory", "cpu", "cpuacct", "pids").close();
        String name = RealCgroups.PREFIX + "example-" + Long.toHexString(System.nanoTime());
        EmbeddingExample.Report r = EmbeddingExample.run("/" + name);
        assertEquals(0, r.exitCode());
        assertTrue(r.cpuNanos() > 0, "the workload's CPU time was accounted to the cgroup");
        assertEquals(64L << 20, r.memoryLimit());
        assertFalse(r.existsAfterDestroy());
        try (Stream<Path> s = Files.find(Path.of("/sys/fs/cgroup"), 2,
                (p, a) -> p.getFileName() != null && p.getFileName().toString().equals(name))) {
            assertEquals(List.of(), s.toList());
        }
    }
}
