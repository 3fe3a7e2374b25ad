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
        // a signal ignored on entry stays ignored for the JVM and the command (nohup, a script's background job):
        // the signal tests need the defaults whatever ran this build
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=HUP,INT,QUIT,TERM,USR1,USR2,WINCH",
                "java", "-jar", System.getProperty("cgctl.jar")));
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
        // printed by the OOM watch as the kill happens, not by the exit summary
        assertTrue(err.contains("the kernel killed a task of the command"), err);
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

    private static void signal(Process cgctl, String sig) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(cgctl.pid())).start().waitFor());
    }

    @Test
    void runRefusesAnExistingNameAndTouchesNothing() throws Exception {
        Path pids = Path.of("/sys/fs/cgroup/pids" + name);
        Files.createDirectory(pids);
        try {
            Files.writeString(pids.resolve("pids.max"), "5");
            Process p = cgctl("run", "--name", name, "--pids-limit", "100", "--memory", "64M", "--", "true");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String err = text(p.getErrorStream());
            assertEquals(125, p.exitValue(), err); // run's own failure, not a status of the command
            assertEquals("cgctl: cgroup " + name + " exists (pids); choose another name", err.strip());
            assertEquals("5", Files.readString(pids.resolve("pids.max")).strip(), "its limit is untouched");
            assertEquals(List.of(pids), leftovers(), "no other hierarchy got the cgroup");
        } finally {
            Files.delete(pids);
        }
    }

    @Test
    void runRemovesTheParentsItCreatedAndNothingElse() throws Exception {
        Process p = cgctl("run", "--name", name + "/inner", "--memory", "64M", "--", "sh", "-c",
                "grep memory /proc/self/cgroup");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = text(p.getInputStream());
        assertEquals(0, p.exitValue(), text(p.getErrorStream()));
        assertTrue(out.contains(":memory:" + name + "/inner\n"), out);
        assertEquals(List.of(), leftovers(), "the parent " + name + " it made is gone from every hierarchy");
    }

    @Test
    void aMissingCommandIs127AndNothingIsCreated() throws Exception {
        Process p = cgctl("run", "--name", name, "--memory", "64M", "--", "/no/such/command", "x");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(127, p.exitValue());
        assertEquals("cgctl: /no/such/command: command not found", text(p.getErrorStream()).strip());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void signalsArePassedOnAndOneTrueSummaryIsPrinted() throws Exception {
        // a lost signal fails the test instead of hanging the build (the processes are killed after each test)
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(90),
                this::signalsArePassedOn);
    }

    private void signalsArePassedOn() throws Exception {
        Process p = cgctl("run", "--name", name, "--memory", "64M", "--", "sh", "-c",
                "for s in HUP INT USR1 USR2 WINCH; do trap \"echo got $s\" $s; done; "
                        + "trap 'echo got TERM; exit 7' TERM; echo ready; while true; do sleep 0.05; done");
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        List<String> got = new ArrayList<>();
        for (String sig : List.of("HUP", "INT", "USR1", "USR2", "WINCH")) {
            signal(p, sig);
            got.add(out.readLine());
        }
        assertEquals(List.of("got HUP", "got INT", "got USR1", "got USR2", "got WINCH"), got);
        signal(p, "TERM");
        assertEquals("got TERM", out.readLine());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String err = text(p.getErrorStream());
        assertEquals(7, p.exitValue(), err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("cgctl: exit")).count(), err);
        assertTrue(err.contains("cgctl: exit 7 | peak memory"), err);
        assertFalse(err.contains("unavailable"), err);
        assertEquals(List.of(), leftovers());
    }

    @Test
    void theAotTrainingRunIsQuietAndChangesNothing() throws Exception {
        List<Path> before = leftovers();
        Process p = new ProcessBuilder("java", "-cp", System.getProperty("cgctl.jar"),
                "io.github.cgroups4j.cli.AotTraining").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("", text(p.getInputStream()));
        assertEquals("", text(p.getErrorStream()));
        assertEquals(0, p.exitValue());
        assertEquals(before, leftovers());
    }

    @Test
    void aTermDuringStartUpLeavesNothingAndPrintsNoStackTrace() throws Exception {
        List<Path> fifosBefore = fifoDirectories();
        // whenever the signal lands (JVM start, the checks, the apply, the barrier, the command), nothing stays
        for (int delayMs : new int[] {150, 300, 450, 600, 750, 900, 1050, 1200}) {
            Process p = cgctl("run", "--name", name, "--memory", "64M", "--", "sleep", "2");
            Thread.sleep(delayMs);
            signal(p, "TERM");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "at " + delayMs + " ms");
            String err = text(p.getErrorStream());
            assertFalse(err.contains("Exception") || err.contains("\tat "), "at " + delayMs + " ms: " + err);
            assertEquals(List.of(), leftovers(), "at " + delayMs + " ms: " + err);
            assertEquals(fifosBefore, fifoDirectories(), "at " + delayMs + " ms");
        }
    }

    @Test
    void afterCgctlIsKilledDestroyKillCleansUp() throws Exception {
        List<Path> fifosBefore = fifoDirectories();
        Process p = cgctl("run", "--name", name, "--memory", "64M", "--", "sh", "-c",
                "sleep 300 & echo ready; wait");
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        signal(p, "KILL");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Path procs = Path.of("/sys/fs/cgroup/memory" + name + "/cgroup.procs");
        assertEquals(2, Files.readAllLines(procs).size(), "sh and sleep run on in the cgroup");
        Process busy = cgctl("destroy", name);
        assertEquals(1, busy.waitFor());
        assertTrue(text(busy.getErrorStream()).contains("cgctl destroy --kill " + name + " ends them first"));
        Process kill = cgctl("destroy", "--kill", name);
        assertEquals(0, kill.waitFor(), text(kill.getErrorStream()));
        assertEquals(List.of(), leftovers());
        assertEquals(fifosBefore, fifoDirectories(), "the barrier's FIFO went once the command was released");
    }

    /** cgctl run's barrier directories in the temp directory. */
    private static List<Path> fifoDirectories() throws java.io.IOException {
        try (Stream<Path> s = Files.list(Path.of("/tmp"))) { // the java -jar above: its default java.io.tmpdir
            return s.filter(d -> d.getFileName().toString().startsWith("cgctl-") && Files.isDirectory(d)
                    && !d.getFileName().toString().startsWith("cgctl-prom-")).sorted().toList();
        }
    }

    @Test
    void doctorPrometheusFilePassesPromtool() throws Exception {
        Path promtool = Stream.of("/usr/bin/promtool", "/usr/local/bin/promtool").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (promtool == null) {
            String why = "promtool is not installed (Debian's prometheus package; .ci/run installs it)";
            if (Boolean.getBoolean("cgroups4j.it.required")) {
                org.junit.jupiter.api.Assertions.fail(why);
            }
            org.junit.jupiter.api.Assumptions.abort(why);
        }
        Path dir = Files.createTempDirectory("cgctl-prom-");
        Path file = dir.resolve("cgroups4j.prom");
        try {
            Process d = cgctl("doctor", "--prometheus", file.toString());
            assertTrue(d.waitFor(60, TimeUnit.SECONDS));
            assertTrue(d.exitValue() >= 0 && d.exitValue() <= 2, text(d.getErrorStream()));
            String metrics = Files.readString(file);
            assertTrue(metrics.contains("cgroups4j_memory_cgroups "), metrics);
            assertTrue(metrics.contains("cgroups4j_cgroup_dying_descendants "), metrics);
            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(file.toFile()).redirectErrorStream(true).start();
            String verdict = text(check.getInputStream());
            assertEquals(0, check.waitFor(), verdict);
            assertEquals("", verdict.strip(), "promtool found nothing to say: " + verdict);
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }

    @Test
    void aRunWhoseCgroupIsDestroyedFromOutsideSaysSo() throws Exception {
        Process p = cgctl("run", "--name", name, "--memory", "64M", "--", "sh", "-c", "echo ready; sleep 300");
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        Process kill = cgctl("destroy", "--kill", name);
        assertEquals(0, kill.waitFor(), text(kill.getErrorStream()));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String err = text(p.getErrorStream());
        assertEquals(137, p.exitValue(), err);
        // the command dies before its cgroup goes: cgctl may catch it whole (true numbers) or going (no numbers)
        assertEquals(1, err.lines().filter(l -> l.startsWith("cgctl: exit 137 (killed by signal 9) | ")).count(), err);
        assertTrue(err.contains("no statistics: the cgroup was removed from outside cgctl")
                || err.contains("peak memory") && !err.contains("peak memory 0 B"), err);
        assertEquals(List.of(), leftovers());
    }
}
