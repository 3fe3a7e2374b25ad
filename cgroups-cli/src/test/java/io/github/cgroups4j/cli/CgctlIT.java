package io.github.cgroups4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cgroups4j.fs.RealCgroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** cgctl as people run it (java -jar, a separate process) on this machine's real cgroups. */
class CgctlIT {
    private String name;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void requireRoot() {
        RealCgroups.require("memory", "cpu", "cpuacct", "pids").close();
        name = "/" + RealCgroups.PREFIX + "cli-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void nothingLeft() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), leftovers(), "no cgroup left behind");
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.find(Path.of("/sys/fs/cgroup"), 2,
                (p, a) -> p.getFileName() != null && ("/" + p.getFileName()).equals(name))) {
            return s.toList();
        }
    }

    private Process cgctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", System.getProperty("cgctl.jar")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        started.add(p);
        return p;
    }

    private static String text(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void normalExitPassesOutputAndStatusThrough() throws Exception {
        Process p = cgctl("run", "--name", name, "--memory", "64M", "--memory-swap", "64M", "--", "sh", "-c",
                "grep memory /proc/self/cgroup; read line; echo \"got $line\"; exit 3");
        p.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = text(p.getInputStream());
        String err = text(p.getErrorStream());
        assertEquals(3, p.exitValue(), err);
        assertTrue(out.contains(":memory:" + name + "\n"), "the command ran inside the cgroup: " + out);
        assertTrue(out.contains("got hello"), "stdin passes through: " + out);
        assertTrue(err.contains("cgctl: exit 3 | peak memory"), err);
        assertTrue(err.contains("oom kills 0"), err);
    }

    @Test
    void oomKillExits137AndTheSummaryShowsIt() throws Exception {
        Process p = cgctl("run", "--name", name, "--memory", "64M", "--memory-swap", "64M", "--", "sh", "-c",
                "head -c 209715200 /dev/zero | tail > /dev/null");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = text(p.getErrorStream());
        assertEquals(137, p.exitValue(), err);
        assertTrue(err.contains("out of memory") && err.contains("oom kills 1"), err);
        assertTrue(err.contains("peak memory 64.0 MiB"), err);
    }

    @Test
    void sigtermRemovesTheCgroupAndEndsTheCommand() throws Exception {
        Process p = cgctl("run", "--name", name, "--memory", "64M", "--", "sleep", "300");
        Path procs = Path.of("/sys/fs/cgroup/memory" + name + "/cgroup.procs");
        long sleepPid = -1;
        for (int i = 0; i < 200 && sleepPid < 0; i++) {
            Thread.sleep(50);
            if (Files.exists(procs)) {
                String s = Files.readString(procs).strip();
                if (!s.isEmpty()) {
                    sleepPid = Long.parseLong(s.lines().findFirst().orElseThrow());
                }
            }
        }
        assertTrue(sleepPid > 0, "the command joined the cgroup");
        p.destroy(); // SIGTERM to cgctl
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue());
        assertFalse(ProcessHandle.of(sleepPid).map(ProcessHandle::isAlive).orElse(false), "the command was ended");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void doctorJsonIsValidHereAndStatsJsonCarriesRuncNames() throws Exception {
        Process d = cgctl("doctor", "--json");
        assertTrue(d.waitFor(60, TimeUnit.SECONDS));
        JsonNode doc = new ObjectMapper().readTree(text(d.getInputStream()));
        assertEquals("hybrid", doc.get("cgroup_mode").asText());
        assertTrue(doc.get("kernel").asText().equals(System.getProperty("os.version")), doc.toString());
        assertTrue(d.exitValue() >= 0 && d.exitValue() <= 2);

        Process c = cgctl("create", name, "--memory", "32M", "--pids-limit", "8");
        assertEquals(0, c.waitFor(), text(c.getErrorStream()));
        try {
            Process s = cgctl("stats", name, "--json");
            assertEquals(0, s.waitFor(), text(s.getErrorStream()));
            JsonNode st = new ObjectMapper().readTree(text(s.getInputStream()));
            assertEquals(32L << 20, st.at("/memory_stats/usage/limit").asLong());
            assertEquals(8, st.at("/pids_stats/limit").asLong());
            assertTrue(st.at("/cpu_stats/cpu_usage").has("total_usage"));
            assertTrue(st.at("/memory_stats/usage").has("max_usage"));
        } finally {
            Process x = cgctl("destroy", name);
            assertEquals(0, x.waitFor(), text(x.getErrorStream()));
        }
    }
}
