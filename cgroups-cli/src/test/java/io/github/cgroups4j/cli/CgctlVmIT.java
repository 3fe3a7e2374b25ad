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
        // printed by the OOM watch as the kill happens, not by the exit summary
        assertTrue(err.contains("the kernel killed a task of the command"), err);
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

    private static int run(String... args) throws Exception {
        Process p = cgctl(args);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void createSetStatsFreezeThawDestroyOnV2() throws Exception {
        String name = "/cgroups4j-vm-manage";
        assertEquals(0, run("create", name, "--memory", "64M", "--pids-limit", "8", "--cpus", "0.5"));
        try {
            Path dir = Path.of("/sys/fs/cgroup" + name);
            assertEquals("67108864", Files.readString(dir.resolve("memory.max")).strip());
            assertEquals("50000 100000", Files.readString(dir.resolve("cpu.max")).strip());
            assertEquals(0, run("set", name, "--memory", "128M", "--cpu-shares", "1024"));
            assertEquals("134217728", Files.readString(dir.resolve("memory.max")).strip());
            assertEquals("100", Files.readString(dir.resolve("cpu.weight")).strip(), "1024 shares: weight 100");
            Process st = cgctl("stats", name, "--json");
            assertTrue(st.waitFor(120, TimeUnit.SECONDS));
            JsonNode j = new ObjectMapper().readTree(st.getInputStream().readAllBytes());
            assertEquals(128L << 20, j.at("/memory_stats/usage/limit").asLong(), j.toString());
            assertEquals(8, j.at("/pids_stats/limit").asLong());
            assertEquals(1, run("create", name), "an existing cgroup is refused on v2 too");
            assertEquals(0, run("freeze", name));
            assertTrue(Files.readString(dir.resolve("cgroup.events")).contains("frozen 1"));
            assertEquals(0, run("thaw", name));
        } finally {
            assertEquals(0, run("destroy", name));
        }
        assertTrue(!Files.exists(Path.of("/sys/fs/cgroup" + name)));
    }
}
