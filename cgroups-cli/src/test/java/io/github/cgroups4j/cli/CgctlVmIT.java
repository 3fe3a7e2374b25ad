package io.github.cgroups4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cgroups4j.fs.vm.VmHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** cgctl, unchanged, on a cgroup v2 kernel with controllers: the VM of .ci/vm/run.sh. */
class CgctlVmIT {
    @BeforeEach
    void requireV2() throws Exception {
        VmHost.require();
    }

    private static Process cgctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", System.getProperty("cgctl.jar")));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    @Test
    void runUnder64MiBIsOomKilledAndLeavesNothing() throws Exception {
        Process p = cgctl("run", "--name", "/cgroups4j-vm-cli", "--memory", "64M", "--memory-swap", "64M", "--",
                "sh", "-c", "head -c 209715200 /dev/zero | tail > /dev/null");
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(137, p.exitValue(), err);
        assertTrue(err.contains("out of memory") && err.contains("oom kills 1"), err);
        try (Stream<Path> s = Files.list(Path.of("/sys/fs/cgroup"))) {
            assertTrue(s.noneMatch(d -> d.getFileName().toString().contains("cgroups4j-vm-cli")), "nothing left");
        }
    }

    @Test
    void doctorShowsTheUnifiedHost() throws Exception {
        Process d = cgctl("doctor", "--json");
        assertTrue(d.waitFor(120, TimeUnit.SECONDS));
        JsonNode doc = new ObjectMapper().readTree(d.getInputStream().readAllBytes());
        assertEquals("unified", doc.get("cgroup_mode").asText(), doc.toString());
        assertTrue(doc.at("/memory_cgroup_ids").has("nr_dying_descendants"), doc.toString());
        assertTrue(doc.at("/kmem_gate/if_requested/refused").asBoolean(), "kmem is refused on v2");
    }
}
