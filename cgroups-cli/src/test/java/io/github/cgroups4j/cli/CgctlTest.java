package io.github.cgroups4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.KernelProfile;
import org.junit.jupiter.api.Test;

/** cgctl against the testkit's fake host: no root needed. */
class CgctlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEM = "/sys/fs/cgroup/memory";

    private static Host host(FakeCgroupFs fs) {
        return Host.over(fs, fs.procFs());
    }

    @Test
    void kmemGateJson() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        CliTestSupport.Outcome o = CliTestSupport.run(host(fs), "kmem-gate", "--kernel", "3.10.0-693.el7.x86_64",
                "--json");
        assertEquals(0, o.exit(), o.err());
        JsonNode j = JSON.readTree(o.out());
        assertEquals("3.10.0-693.el7.x86_64", j.get("kernel").asText());
        assertEquals("GATED", j.get("policy").asText());
        assertFalse(j.get("enable").asBoolean());
        assertTrue(j.at("/if_requested/reason").asText().contains("older than 4.3"));
        assertTrue(j.at("/if_requested/refused").asBoolean());
        JsonNode here = JSON.readTree(CliTestSupport.run(host(fs), "kmem-gate", "--json").out());
        assertEquals(fs.profile().release(), here.get("kernel").asText(), "default: the host's kernel");
        assertTrue(here.get("kernel_memory").isNull());
        assertFalse(here.get("enable").asBoolean(), "with default settings a node never turns kmem accounting on");
        assertFalse(here.get("reason").asText().contains("kernelMemory="), "the reason matches the question asked");
        assertTrue(here.at("/if_requested/enable").asBoolean(), "a non-zero request would be allowed on 6.x");
        assertEquals(64L << 20, here.at("/if_requested/kernel_memory").asLong());
        CliTestSupport.Outcome human = CliTestSupport.run(host(fs), "kmem-gate");
        assertTrue(human.out().contains("kernelMemory not set: cgroups4j enables nothing"), human.out());
        assertTrue(human.out().contains("if requested (e.g. --kernel-memory 64M): cgroups4j writes the kmem limit "
                + "(accounting is the kernel's own from 4.6)"), human.out());
        CliTestSupport.Outcome old = CliTestSupport.run(host(fs), "kmem-gate", "--kernel", "4.4.0-210-generic");
        assertTrue(old.out().contains("if requested (e.g. --kernel-memory 64M): cgroups4j enables kmem accounting\n"),
                "before 4.6 the first limit written switches accounting on: " + old.out());
        CliTestSupport.Outcome joining = CliTestSupport.run(host(fs), "kmem-gate", "--kernel", "4.4.0-210-generic",
                "--join", "--kernel-memory", "64M");
        assertTrue(joining.out().contains("kernelMemory 64M: cgroups4j writes the kmem limit\n"),
                "the header gives the size as typed: " + joining.out());
        CliTestSupport.Outcome higher = CliTestSupport.run(host(fs), "kmem-gate", "--kernel", "5.4.0",
                "--minimum-kernel", "7.0", "--kernel-memory", "64M");
        assertTrue(higher.out().contains("older than 7.0 (the minimum kernel this gate was configured with)"),
                "a raised minimum is not presented as a kernel fact: " + higher.out());
        CliTestSupport.Outcome v2old = CliTestSupport.run(host(fs), "kmem-gate", "--v2", "--kernel",
                "3.10.0-693.el7.x86_64");
        assertEquals(2, v2old.exit(), v2old.out());
        assertEquals("", v2old.out());
        assertTrue(v2old.err().contains("cgroup v2 is a stable interface from Linux 4.5 on"), v2old.err());
        assertEquals(0, CliTestSupport.run(host(fs), "kmem-gate", "--v2", "--kernel", "4.5.0").exit());
        JsonNode legacy = JSON.readTree(CliTestSupport.run(host(fs), "kmem-gate", "--kernel",
                "3.10.0-693.el7.x86_64", "--policy", "legacy", "--kernel-memory", "0", "--json").out());
        assertTrue(legacy.get("enable").asBoolean(), "legacy enables on every memory cgroup it creates");
        assertEquals(0, legacy.get("kernel_memory").asLong());
        assertEquals(2, CliTestSupport.run(host(fs), "kmem-gate", "--policy", "sometimes").exit());
        CliTestSupport.Outcome banana = CliTestSupport.run(host(fs), "kmem-gate", "--kernel", "banana", "--json");
        assertEquals(2, banana.exit(), "a release the user gives is checked, as simulate checks it");
        assertEquals("", banana.out());
        assertTrue(banana.err().contains("--kernel: \"banana\" is not a kernel release"), banana.err());
    }

    @Test
    void simulateJsonFindsTheEnospcPod() throws Exception {
        CliTestSupport.Outcome o = CliTestSupport.run(host(FakeCgroupFs.modernHybrid()), "simulate", "--pods",
                "500", "--id-cap", "1000", "--json");
        assertEquals(0, o.exit(), o.err());
        JsonNode j = JSON.readTree(o.out());
        // baseline 3 IDs (root, kubepods, burstable); each pod leaks 3: floor(997 / 3) = 332 pods, the 333rd fails
        assertEquals("LEGACY_ALWAYS", j.get("policy").asText());
        assertEquals(332, j.get("pods_completed").asInt());
        assertEquals(333, j.get("enospc_at_pod").asInt());
        assertEquals(3, j.get("num_cgroups").asInt());
        assertEquals(1000, j.get("ids_in_use").asInt());
        JsonNode g = j.get("contrast");
        assertEquals(500, g.get("pods_completed").asInt());
        assertTrue(g.get("enospc_at_pod").isNull());
        assertEquals(3, g.get("ids_in_use").asInt());
        assertFalse(o.err().contains("500/500 pods"), "no progress bar where standard error is not a terminal: " + o.err());
        CliTestSupport.Outcome modern = CliTestSupport.run(host(FakeCgroupFs.modernHybrid()), "simulate", "--pods",
                "50", "--kernel", "6.1.0", "--id-cap", "100", "--json");
        assertTrue(JSON.readTree(modern.out()).get("enospc_at_pod").isNull(), "6.x recycles IDs even under legacy");
    }

    @Test
    void createSetStatsJsonLsFreezeDestroy() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        Host h = host(fs);
        assertEquals(0, CliTestSupport.run(h, "create", "/batch/job1", "--memory", "64M", "--pids-limit", "10",
                "--cpus", "0.5").exit());
        assertEquals("50000\n", fs.read("/sys/fs/cgroup/cpu/batch/job1", "cpu.cfs_quota_us"));
        assertEquals(0, CliTestSupport.run(h, "set", "/batch/job1", "--memory", "128M").exit());
        assertEquals(Long.toString(128L << 20) + "\n", fs.read(MEM + "/batch/job1", "memory.limit_in_bytes"));
        fs.setStatistic(MEM + "/batch/job1", "memory.max_usage_in_bytes", "4096");
        fs.setStatistic("/sys/fs/cgroup/cpuacct/batch/job1", "cpuacct.usage", "1234\n");
        CliTestSupport.Outcome st = CliTestSupport.run(h, "stats", "/batch/job1", "--json");
        assertEquals(0, st.exit(), st.err());
        JsonNode j = JSON.readTree(st.out());
        assertEquals(1234, j.at("/cpu_stats/cpu_usage/total_usage").asLong());
        assertEquals(4096, j.at("/memory_stats/usage/max_usage").asLong());
        assertEquals(128L << 20, j.at("/memory_stats/usage/limit").asLong());
        assertEquals(10, j.at("/pids_stats/limit").asLong());
        for (String field : new String[] {"blkio_stats", "hugetlb_stats", "cpuset_stats", "rdma_stats"}) {
            assertTrue(j.has(field), field);
        }
        assertTrue(j.at("/cpu_stats/throttling_data").has("throttled_periods"));
        assertTrue(j.at("/blkio_stats").has("io_service_bytes_recursive"));
        CliTestSupport.Outcome watch = CliTestSupport.run(h, "stats", "/batch/job1", "--watch", "--count", "2",
                "--interval", "0.01");
        assertEquals(2, watch.out().lines().count());
        CliTestSupport.Outcome ls = CliTestSupport.run(h, "ls", "-r");
        assertEquals("/batch\n/batch/job1\n", ls.out());
        for (String[] root : new String[][] {{"create", "/"}, {"stats", "//"}, {"run", "--name", "/", "--", "true"}}) {
            CliTestSupport.Outcome o = CliTestSupport.run(h, root);
            assertEquals(root[0].equals("run") ? 125 : 2, o.exit(), String.join(" ", root) + ": " + o.err());
            assertTrue(o.err().contains("is the root of every hierarchy"), o.err());
        }
        CliTestSupport.Outcome empty = CliTestSupport.run(h, "ls", "");
        assertEquals(2, empty.exit(), empty.out());
        assertTrue(empty.err().contains("NAME is empty: give / for the root"), empty.err());
        assertEquals(0, CliTestSupport.run(h, "freeze", "/batch/job1").exit());
        assertEquals("FROZEN\n", fs.read("/sys/fs/cgroup/freezer/batch/job1", "freezer.state"));
        CliTestSupport.Outcome frozen = CliTestSupport.run(h, "stats", "/batch/job1");
        assertTrue(frozen.out().strip().endsWith(" | FROZEN"), frozen.out());
        assertEquals(0, CliTestSupport.run(h, "thaw", "/batch/job1").exit());
        assertFalse(CliTestSupport.run(h, "stats", "/batch/job1").out().contains("FROZEN"));
        assertEquals(0, CliTestSupport.run(h, "destroy", "/batch/job1").exit());
        assertFalse(fs.exists(MEM + "/batch/job1"));
    }

    @Test
    void errorsAreOneLineWithExitCodes() {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        Host h = host(fs);
        CliTestSupport.Outcome bad = CliTestSupport.run(h, "create", "/a", "--cpu-shares", "1");
        assertEquals(2, bad.exit());
        assertEquals("cgctl: --cpu-shares: 1 is out of range [2, 262144]\n(see cgctl create --help)",
                bad.err().strip(), "the option typed, and where the help is");
        CliTestSupport.Outcome missing = CliTestSupport.run(h, "stats", "/nope");
        assertEquals(1, missing.exit());
        assertEquals("cgctl: no such cgroup: /nope", missing.err().strip());
        fs.inject(io.github.cgroups4j.testkit.Fault.on(io.github.cgroups4j.testkit.FakeOp.Kind.WRITE,
                "**/memory.limit_in_bytes").errno(io.github.cgroups4j.Errno.EINVAL));
        CliTestSupport.Outcome kernel = CliTestSupport.run(h, "create", "/b", "--memory", "64M");
        assertEquals(1, kernel.exit());
        assertEquals("cgctl: write \"67108864\" to memory.limit_in_bytes of /b: EINVAL (Invalid argument)",
                kernel.err().strip());
        assertFalse(fs.exists(MEM + "/b"), "a failed create leaves nothing behind");
        assertEquals(2, CliTestSupport.run(h, "create", "/c", "--memory", "lots").exit());
        CliTestSupport.Outcome tiny = CliTestSupport.run(h, "create", "/c", "--memory", "0.5k");
        assertEquals(2, tiny.exit());
        assertTrue(tiny.err().contains("--memory 0.5k is below one page of this machine (4.0 KiB)"), tiny.err());
        assertFalse(fs.exists(MEM + "/c"));
        // run's own failures, usage errors included, exit 125 (docker run, timeout(1)): not a status of the command
        assertEquals(125, CliTestSupport.run(h, "run", "--driver", "systemd", "--", "true").exit());
        CliTestSupport.Outcome notSlicePrefixName = CliTestSupport.run(h, "stats", "--driver", "systemd", "/a/b");
        assertEquals(2, notSlicePrefixName.exit());
        assertTrue(notSlicePrefixName.err().contains("NAME \"/a/b\" must be slice:prefix:name"),
                notSlicePrefixName.err());
        CliTestSupport.Outcome scope = CliTestSupport.run(h, "create", "--driver", "systemd", "::job1");
        assertEquals(2, scope.exit());
        assertTrue(scope.err().contains("a scope (::job1) exists only with a process in it"), scope.err());
        CliTestSupport.Outcome slice = CliTestSupport.run(h, "run", "--driver", "systemd", "--name",
                "system.slice::x.slice", "--", "true");
        assertEquals(125, slice.exit());
        assertTrue(slice.err().contains("is a slice"), slice.err());
        assertEquals(2, CliTestSupport.run(h, "stats", "--driver", "upstart", "/a").exit());
        CliTestSupport.Outcome unknown = CliTestSupport.run(h, "frobnicate");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("cgctl: unknown command \"frobnicate\"; the commands are run, create, "),
                unknown.err());
        assertTrue(unknown.err().contains("(see cgctl --help)"), unknown.err());
        CliTestSupport.Outcome empty = CliTestSupport.run(h, "create", "");
        assertEquals(2, empty.exit(), "an empty NAME is a usage error");
        assertEquals("cgctl: NAME is empty: give a cgroup path such as /batch/job1\n(see cgctl create --help)",
                empty.err().strip());
        CliTestSupport.Outcome none = CliTestSupport.run(h);
        assertEquals(2, none.exit());
        assertEquals(1, none.err().split("see cgctl --help", -1).length - 1, "the hint once: " + none.err());
    }

    @Test
    void aTerminalIsATtyDevice() {
        assertTrue(Posix.isTerminal("/dev/pts/3"));
        assertTrue(Posix.isTerminal("/dev/tty1"));
        assertTrue(Posix.isTerminal("/dev/ttyS0"));
        assertTrue(Posix.isTerminal("/dev/console"));
        assertFalse(Posix.isTerminal("/dev/null"));
        assertFalse(Posix.isTerminal("pipe:[81234]"));
        assertFalse(Posix.isTerminal("/tmp/log"));
    }

    @Test
    void doctorOnAnEl7HostWithLeakingCgroupsIsCritical() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(KernelProfile.centos7()).layout(FakeCgroupFs.Layout.LEGACY)
                .build();
        fs.mkdir(MEM + "/kubepods");
        fs.write(MEM + "/kubepods", "memory.kmem.limit_in_bytes", "1");
        fs.mkdir(MEM + "/kubepods/pod1");
        CliTestSupport.Outcome o = CliTestSupport.run(host(fs), "doctor", "--json");
        assertEquals(2, o.exit(), o.out() + o.err());
        JsonNode j = JSON.readTree(o.out());
        assertEquals("critical", j.get("status").asText());
        assertEquals("legacy", j.get("cgroup_mode").asText());
        assertEquals(2, j.at("/kmem_accounting/active").asInt(), "kubepods and the pod inheriting it");
        assertFalse(j.at("/kmem_gate/default/enable").asBoolean());
        assertFalse(j.at("/kmem_gate/if_requested/enable").asBoolean());
        assertTrue(j.at("/kmem_gate/if_requested/refused").asBoolean());
        assertTrue(j.get("findings").toString().contains("IDs leak"), j.get("findings").toString());
        CliTestSupport.Outcome human = CliTestSupport.run(host(fs), "doctor");
        assertTrue(human.out().contains("kmem gate   default: kernelMemory not set: cgroups4j enables nothing (on kernel "
                + "3.10.0-514.10.2.el7.x86_64 accounting stays off unless"),
                human.out());
        CliTestSupport.Outcome ok = CliTestSupport.run(host(FakeCgroupFs.modernHybrid()), "doctor");
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().contains("status      ok"), ok.out());
        assertTrue(ok.out().contains("kmem gate   default: kernelMemory not set: cgroups4j enables nothing (kernel "),
                "a 6.x kernel accounts kernel memory by itself: " + ok.out());
    }

    /** doctor settles what the gate's reason can only hedge: whether this kernel was booted with nokmem. */
    @Test
    void doctorSaysWhetherTheKernelAccountsKernelMemoryByItself() throws Exception {
        FakeCgroupFs on = FakeCgroupFs.builder().kernelCommandLine("BOOT_IMAGE=/vmlinuz ro quiet").build();
        CliTestSupport.Outcome human = CliTestSupport.run(host(on), "doctor");
        assertTrue(human.out().contains("            the kernel accounts kernel memory in every memory cgroup by "
                + "itself (4.6+, no cgroup.memory=nokmem on its command line)"), human.out());
        JsonNode j = JSON.readTree(CliTestSupport.run(host(on), "doctor", "--json").out());
        assertFalse(j.at("/kmem_gate/nokmem").asBoolean(true));
        assertTrue(j.at("/kmem_gate/kernel_accounts_by_itself").asBoolean(false));

        FakeCgroupFs off = FakeCgroupFs.builder().kernelCommandLine("ro cgroup.memory=nosocket,nokmem").build();
        human = CliTestSupport.run(host(off), "doctor");
        assertTrue(human.out().contains("            the kernel accounts no kernel memory anywhere (booted with "
                + "cgroup.memory=nokmem)"), human.out());
        j = JSON.readTree(CliTestSupport.run(host(off), "doctor", "--json").out());
        assertTrue(j.at("/kmem_gate/nokmem").asBoolean(false));
        assertFalse(j.at("/kmem_gate/kernel_accounts_by_itself").asBoolean(true));

        FakeCgroupFs unknown = FakeCgroupFs.modernHybrid();
        human = CliTestSupport.run(host(unknown), "doctor");
        assertFalse(human.out().contains("            the kernel "), "no command line, no claim: " + human.out());
        j = JSON.readTree(CliTestSupport.run(host(unknown), "doctor", "--json").out());
        assertTrue(j.at("/kmem_gate/nokmem").isNull());
        assertTrue(j.at("/kmem_gate/kernel_accounts_by_itself").isNull());

        FakeCgroupFs el7 = FakeCgroupFs.builder().profile(KernelProfile.centos7()).layout(FakeCgroupFs.Layout.LEGACY)
                .build();
        human = CliTestSupport.run(host(el7), "doctor");
        assertTrue(human.out().contains("            the kernel accounts kernel memory only where a kmem limit was "
                + "written, in the cgroup or an accounted ancestor (before 4.6)"), human.out());
        FakeCgroupFs el7NoKmem = FakeCgroupFs.builder().profile(KernelProfile.centos7())
                .layout(FakeCgroupFs.Layout.LEGACY).kernelCommandLine("ro cgroup.memory=nokmem").build();
        human = CliTestSupport.run(host(el7NoKmem), "doctor");
        assertTrue(human.out().contains("            the kernel was booted with cgroup.memory=nokmem: no kernel-memory "
                + "accounting if it honours the option (el7 from 3.10.0-1062), else only where a kmem limit was "
                + "written (before 4.6)"), human.out());
        j = JSON.readTree(CliTestSupport.run(host(el7NoKmem), "doctor", "--json").out());
        assertTrue(j.at("/kmem_gate/nokmem").asBoolean(false));
        assertFalse(j.at("/kmem_gate/kernel_accounts_by_itself").asBoolean(true));
    }

    @Test
    void aCpuOrNodeTheKernelRefusesIsAnsweredWithTheOnesThisMachineHas() throws Exception {
        io.github.cgroups4j.CgroupException range = new io.github.cgroups4j.CgroupException(
                io.github.cgroups4j.CgroupException.Operation.WRITE, "/job", "cpuset.cpus", "99",
                io.github.cgroups4j.Errno.ERANGE.number(), null, null);
        String online = java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/online")).strip();
        assertEquals(java.util.Optional.of("(this machine's CPUs: " + online + ")"), Cgctl.cpusetHint(range));
        io.github.cgroups4j.CgroupException other = new io.github.cgroups4j.CgroupException(
                io.github.cgroups4j.CgroupException.Operation.WRITE, "/job", "memory.max", "x",
                io.github.cgroups4j.Errno.EINVAL.number(), null, null);
        assertEquals(java.util.Optional.empty(), Cgctl.cpusetHint(other));
    }

    @Test
    void runWithoutTheDoubleDashSaysWhereTheCommandGoes() {
        Host h = host(FakeCgroupFs.modernHybrid());
        CliTestSupport.Outcome o = CliTestSupport.run(h, "run", "--memory", "64M", "ls", "-la", "/dev/null");
        assertEquals(125, o.exit(), o.err());
        assertTrue(o.err().contains("the command to run goes after --: cgctl run [OPTIONS] -- CMD [ARGS...]"),
                o.err());
        CliTestSupport.Outcome bad = CliTestSupport.run(h, "run", "--bogus", "--", "true");
        assertEquals(125, bad.exit(), bad.err());
        assertFalse(bad.err().contains("goes after --"), "with -- given, an unknown option is just that");
    }

    /** A relative NAME is placed as runc places it (v1: under the caller's own cgroup); ls finds it there too. */
    @Test
    void lsFindsARelativeNameWhereCreatePutIt() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.builder().selfCgroup("/user.slice/me").build();
        Host h = host(fs);
        assertEquals(0, CliTestSupport.run(h, "create", "grp/job", "--memory", "64M").exit());
        assertTrue(fs.exists("/sys/fs/cgroup/memory/user.slice/me/grp/job"));
        CliTestSupport.Outcome ls = CliTestSupport.run(h, "ls", "grp");
        assertEquals(0, ls.exit(), ls.err());
        assertEquals("/user.slice/me/grp/job\n", ls.out());
        assertEquals(0, CliTestSupport.run(h, "create", "/top").exit());
        CliTestSupport.Outcome meant = CliTestSupport.run(h, "ls", "top");
        assertEquals(1, meant.exit());
        assertTrue(meant.err().contains("no such cgroup: top (a relative NAME is /user.slice/me/top here; did you "
                + "mean /top?)"), meant.err());
        assertEquals(0, CliTestSupport.run(h, "destroy", "/top").exit());
        assertEquals(2, CliTestSupport.run(h, "ls", "system.slice:cgctl:job1").exit());
        assertEquals("/user.slice\n", CliTestSupport.run(h, "ls", "//").out());
        CliTestSupport.Outcome absolute = CliTestSupport.run(h, "ls", "/grp");
        assertEquals(1, absolute.exit(), "the absolute /grp is another cgroup, and there is none: " + absolute.out());
        assertEquals(0, CliTestSupport.run(h, "destroy", "grp/job").exit());
        // a cgroup whose memory part is missing: stats says so, not "limit 0 B"
        assertEquals(0, CliTestSupport.run(h, "create", "/part").exit());
        fs.rmdir("/sys/fs/cgroup/memory/part");
        CliTestSupport.Outcome part = CliTestSupport.run(h, "stats", "/part");
        assertEquals(0, part.exit(), part.err());
        assertTrue(part.out().startsWith("memory - (no memory cgroup /sys/fs/cgroup/memory/part) | cpu "), part.out());
        assertEquals(0, CliTestSupport.run(h, "destroy", "/part").exit());
    }

    @Test
    void aFileThatCannotBeWrittenIsSaidInWords() {
        assertEquals("no such file or directory", DoctorCommand.why(new java.nio.file.NoSuchFileException("/proc/x")));
        assertEquals("permission denied", DoctorCommand.why(new java.nio.file.AccessDeniedException("/x")));
        assertEquals("Read-only file system", DoctorCommand.why(
                new java.nio.file.FileSystemException("/x", null, "Read-only file system")));
    }

    @Test
    void sizes() {
        assertEquals(64L << 20, Sizes.parse("64M"));
        assertEquals(64L << 20, Sizes.parse("64mb"));
        assertEquals(3L << 29, Sizes.parse("1.5G"));
        assertEquals(4096, Sizes.parse("4096"));
        assertEquals(64L << 20, Sizes.parse("64MiB"));
        assertEquals(2L << 10, Sizes.parse("2KiB"));
        assertEquals(3L << 29, Sizes.parse("1.5GiB"));
        assertEquals(64L << 20, Sizes.parse("64Mi"));
        assertEquals(1L << 30, Sizes.parse("1Gi"));
        assertEquals(512L << 10, Sizes.parse("512ki"));
        assertEquals(1L << 50, Sizes.parse("1P"));
        assertEquals(7L << 60, Sizes.parse("7EiB"));
        assertEquals(3L << 59, Sizes.parse("1.5E"));
        IllegalArgumentException big = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Sizes.parse("8E"));
        assertTrue(big.getMessage().contains("below 8E"), big.getMessage());
        assertEquals(-1, Sizes.parse("max"));
        assertEquals("64.0 MiB", Sizes.format(64L << 20));
        for (String bad : new String[] {"", "M", "-5", "1e9", "12X", "1.5", "64MiBs", "iB", "i", "Mi", "64i", "64Mii"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad), bad);
        }
    }

    @Test
    void theCommandTableNamesEachCommandAsItsAnnotationDoes() {
        for (java.util.Map.Entry<String, Class<?>> c : Cgctl.COMMANDS) {
            picocli.CommandLine.Command a = c.getValue().getAnnotation(picocli.CommandLine.Command.class);
            if (c.getValue() == KmemGateCommand.class) {
                assertNull(a, "kmem-gate's model is built in code; an annotation would be a second, unread one");
            } else {
                assertEquals(c.getKey(), a.name(), c.getValue().getName());
            }
        }
        Host h = host(FakeCgroupFs.modernHybrid());
        for (String[] args : new String[][] {{"-V"}, {"kmem-gate", "-V"}, {"kmem-gate", "--version"},
            {"stats", "-V"}, {"create", "--version"}, {"run", "-V"}}) {
            CliTestSupport.Outcome v = CliTestSupport.run(h, args);
            assertEquals(0, v.exit(), String.join(" ", args));
            assertEquals(Cgctl.VERSION, v.out().strip(), String.join(" ", args));
        }
        CliTestSupport.Outcome help = CliTestSupport.run(h, "kmem-gate", "--help");
        assertTrue(help.out().startsWith("Usage: cgctl kmem-gate [-hvV] [--join] [--json] [--v2] [--kernel=RELEASE]"),
                help.out());
        for (String option : new String[] {"--kernel-memory=SIZE", "--minimum-kernel=VERSION", "--policy=POLICY",
            "Log what cgroups4j does", "Show this help message and exit.", "Print version information and exit."}) {
            assertTrue(help.out().contains(option), option + " in " + help.out());
        }
        CliTestSupport.Outcome verbose = CliTestSupport.run(h, "kmem-gate", "-v", "--kernel", "5.4.0", "--json");
        assertEquals(0, verbose.exit(), "-v is every command's: " + verbose.err());
        CliTestSupport.Outcome explicit = CliTestSupport.run(h, "kmem-gate", "--json=true", "--v2=false",
                "--kernel", "5.4.0");
        assertEquals(0, explicit.exit(), "a flag takes =true/=false, as the annotated ones: " + explicit.err());
        assertTrue(explicit.out().startsWith("{"), explicit.out());
        CliTestSupport.Outcome unknown = CliTestSupport.run(h, "kmem-gate", "--kernal", "5.4.0");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("Unknown options: '--kernal'"), unknown.err());
    }

    @Test
    void everyCommandHasHelp() {
        Host h = host(FakeCgroupFs.modernHybrid());
        for (String cmd : new String[] {"run", "create", "set", "stats", "freeze", "thaw", "destroy", "ls",
            "kmem-gate", "doctor", "simulate"}) {
            for (String flag : new String[] {"--help", "-h"}) {
                CliTestSupport.Outcome o = CliTestSupport.run(h, cmd, flag);
                assertEquals(0, o.exit(), cmd + " " + flag + ": " + o.err());
                assertTrue(o.out().contains("Usage: cgctl " + cmd), cmd + " " + flag + ": " + o.out());
            }
            CliTestSupport.Outcome help = CliTestSupport.run(h, "help", cmd);
            assertEquals(0, help.exit(), "help " + cmd + ": " + help.err());
            assertTrue(help.out().contains("Usage: cgctl " + cmd), help.out());
        }
    }

    @Test
    void createRefusesAnExistingCgroupAndTouchesNothing() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.mkdir(MEM + "/theirs");
        fs.write(MEM + "/theirs", "memory.limit_in_bytes", "1G");
        fs.clearOperations();
        CliTestSupport.Outcome o = CliTestSupport.run(host(fs), "create", "/theirs", "--memory", "64M");
        assertEquals(1, o.exit());
        assertEquals("cgctl: cgroup /theirs exists (memory); use cgctl set to change its limits", o.err().strip());
        assertTrue(fs.operations().stream().noneMatch(op -> op.kind() != io.github.cgroups4j.testkit.FakeOp.Kind.READ
                && op.ok()), "nothing written or created: " + fs.operations());
        assertEquals(Long.toString(1L << 30) + "\n", fs.read(MEM + "/theirs", "memory.limit_in_bytes"));
    }

    /** Makes {@code /race} in the memory hierarchy, with someone's limit, just before cgctl's own mkdir of it. */
    private static final class Competitor extends io.github.cgroups4j.testkit.ForwardingCgroupFs {
        private boolean done;

        Competitor(FakeCgroupFs fs) {
            super(fs);
        }

        @Override
        public boolean mkdir(String dir) throws io.github.cgroups4j.CgroupException {
            if (!done && dir.equals(MEM + "/race")) {
                done = true;
                delegate().mkdir(dir);
                delegate().write(dir, "memory.limit_in_bytes", "1G");
            }
            return super.mkdir(dir);
        }
    }

    @Test
    void aParentThatAppearsBetweenTheCheckAndTheApplyStaysItsOwners() throws Exception {
        for (String[] args : new String[][] {{"create", "/race/job", "--pids-limit", "5"},
            {"run", "--name", "/race/job", "--pids-limit", "5", "--", "true"}}) {
            FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
            Competitor racing = new Competitor(fs);
            CliTestSupport.Outcome o = CliTestSupport.run(Host.over(racing, fs.procFs()), args);
            assertTrue(racing.done, "the competitor made the memory parent: " + args[0]);
            if (args[0].equals("create")) {
                assertEquals(0, o.exit(), o.err());
                assertEquals(0, CliTestSupport.run(Host.over(racing, fs.procFs()), "destroy", "/race/job").exit());
            } else {
                // the fake cannot take the real command's pid: the run fails after its apply, and its cleanup is
                // what is tested here
                assertEquals(125, o.exit(), o.err());
                assertTrue(o.err().contains("/proc/"), o.err());
            }
            assertTrue(fs.exists(MEM + "/race"), args[0] + ": the parent someone else made stays");
            assertFalse(fs.exists(MEM + "/race/job"), args[0]);
            if (args[0].equals("run")) {
                assertFalse(fs.exists("/sys/fs/cgroup/pids/race"), "the parents the run made are gone");
            }
        }
    }

    @Test
    void aCgroupThatAppearsBetweenTheCheckAndTheApplyStaysItsOwners() throws Exception {
        for (String[] args : new String[][] {{"create", "/race", "--memory", "64M", "--pids-limit", "5"},
            {"run", "--name", "/race", "--memory", "64M", "--pids-limit", "5", "--", "true"}}) {
            FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
            Competitor racing = new Competitor(fs);
            CliTestSupport.Outcome o = CliTestSupport.run(Host.over(racing, fs.procFs()), args);
            assertTrue(racing.done, "the competitor ran: " + args[0]);
            assertEquals(args[0].equals("run") ? 125 : 1, o.exit(), args[0] + ": " + o.err());
            assertTrue(o.err().contains("cgroup /race appeared while cgctl was creating it (memory); it is not "
                    + "cgctl's"), o.err());
            assertEquals(Long.toString(1L << 30) + "\n", fs.read(MEM + "/race", "memory.limit_in_bytes"),
                    args[0] + ": their limit is not overwritten");
            assertTrue(fs.exists(MEM + "/race"), args[0] + ": theirs stays");
            assertFalse(fs.exists("/sys/fs/cgroup/pids/race"), args[0] + ": what cgctl's apply made is gone");
            assertFalse(fs.exists("/sys/fs/cgroup/cpu,cpuacct/race"), args[0]);
        }
    }

    @Test
    void aFailedCreateRemovesTheParentsItMadeToo() {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.inject(io.github.cgroups4j.testkit.Fault.on(io.github.cgroups4j.testkit.FakeOp.Kind.WRITE,
                "**/pids.max").errno(io.github.cgroups4j.Errno.EINVAL));
        assertEquals(1, CliTestSupport.run(host(fs), "create", "/a/b", "--pids-limit", "5").exit());
        assertFalse(fs.exists(MEM + "/a"), "the parent it created is gone too");
        assertFalse(fs.exists("/sys/fs/cgroup/pids/a"));
    }

    @Test
    void destroyNamesTheTasksAndKillRemoves() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        Host h = host(fs);
        assertEquals(0, CliTestSupport.run(h, "create", "/job").exit());
        long pid = fs.spawn();
        fs.write(MEM + "/job", "cgroup.procs", Long.toString(pid));
        CliTestSupport.Outcome busy = CliTestSupport.run(h, "destroy", "/job");
        assertEquals(1, busy.exit());
        assertTrue(busy.err().contains("nothing was removed: pid " + pid + " in memory")
                && busy.err().contains("cgctl destroy --kill /job ends them first"), busy.err());
        assertTrue(fs.exists(MEM + "/job") && fs.exists("/sys/fs/cgroup/cpu/job"));
        CliTestSupport.Outcome kill = CliTestSupport.run(h, "destroy", "--kill", "/job");
        assertEquals(0, kill.exit(), kill.err());
        assertFalse(fs.processes().contains(pid));
        assertFalse(fs.exists(MEM + "/job") || fs.exists("/sys/fs/cgroup/cpu/job"));
    }

    @Test
    void badInputIsAUsageErrorInTheUsersWords() {
        Host h = host(FakeCgroupFs.modernHybrid());
        String[][] cases = {
            {"--device-deny /nonexistent: no such device file", "--device-deny", "/nonexistent"},
            {"--device-allow /etc/hostname: not a device file", "--device-allow", "/etc/hostname"},
            {"--device-allow c 99999:1 rw: major 99999 is out of range (0..4095)", "--device-allow", "c 99999:1 rw"},
            {"--device-allow x 1:3 rw: expected TYPE", "--device-allow", "x 1:3 rw"},
            {"--cpus 0.0001 is below the minimum", "--cpus", "0.0001"},
            {"--memory-swap needs --memory", "--memory-swap", "64M"},
            {"--memory: \"1.5\" is a fraction of a byte", "--memory", "1.5"},
            {"--cpuset-cpus: \"0-x\" is not a list", "--cpuset-cpus", "0-x"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 1];
            args[0] = "create";
            args[1] = "/x";
            System.arraycopy(c, 1, args, 2, c.length - 1);
            CliTestSupport.Outcome o = CliTestSupport.run(h, args);
            assertEquals(2, o.exit(), String.join(" ", args) + ": " + o.err());
            assertTrue(o.err().startsWith("cgctl: " + c[0]), String.join(" ", args) + ": " + o.err());
        }
        CliTestSupport.Outcome both = CliTestSupport.run(h, "create", "/x", "--cpus", "1", "--cpu-quota", "5000");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("--cpus and --cpu-quota: give one of them"), both.err());
    }

    @Test
    void zeroMeansNotSetAndCpuWeightIsFlaggedOnV1() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        CliTestSupport.Outcome o = CliTestSupport.run(host(fs), "create", "/z", "--pids-limit", "0",
                "--memory", "64MiB", "--cpu-weight", "200");
        assertEquals(0, o.exit(), o.err());
        assertEquals(Long.toString(64L << 20) + "\n", fs.read(MEM + "/z", "memory.limit_in_bytes"));
        assertEquals("max\n", fs.read("/sys/fs/cgroup/pids/z", "pids.max"), "--pids-limit 0 is not set, as runc");
        assertTrue(o.err().contains("warning: --cpu-weight is a cgroup v2 setting"), o.err());
        CliTestSupport.Outcome zero = CliTestSupport.run(host(fs), "create", "/z0", "--memory", "0");
        assertEquals(0, zero.exit(), zero.err());
        assertEquals("9223372036854771712\n", fs.read(MEM + "/z0", "memory.limit_in_bytes"),
                "--memory 0 is not set, as docker: no limit of 0 bytes");
    }

    @Test
    void doctorWritesPrometheusMetricsAtomically(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(KernelProfile.centos7()).layout(FakeCgroupFs.Layout.LEGACY)
                .build();
        fs.mkdir(MEM + "/kubepods");
        fs.write(MEM + "/kubepods", "memory.kmem.limit_in_bytes", "1");
        java.nio.file.Path file = dir.resolve("cgroups4j.prom");
        CliTestSupport.Outcome o = CliTestSupport.run(host(fs), "doctor", "--prometheus", file.toString());
        assertEquals(2, o.exit(), o.err());
        String text = java.nio.file.Files.readString(file);
        assertTrue(text.contains("# HELP cgroups4j_memory_cgroups "), text);
        assertTrue(text.contains("# TYPE cgroups4j_memory_cgroups gauge"), text);
        assertTrue(text.contains("\ncgroups4j_memory_cgroups 2.0\n") || text.contains("\ncgroups4j_memory_cgroups 2\n"),
                text);
        assertTrue(text.contains("cgroups4j_memory_cgroup_ids_limit 65535"), text);
        assertTrue(text.contains("cgroups4j_kmem_accounting_active_cgroups 1"), text);
        assertTrue(text.contains("cgroups4j_kmem_gate_enables_accounting{request=\"default\"} 0"), text);
        assertTrue(text.contains("cgroups4j_kmem_gate_enables_accounting{request=\"nonzero\"} 0"), text);
        assertTrue(text.contains("cgroups4j_doctor_status 2"), text);
        assertTrue(text.contains("cgroups4j_host_info{cgroup_mode=\"legacy\",kernel=\"3.10.0-514.10.2.el7.x86_64\"} 1"),
                text);
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(dir)) {
            assertEquals(java.util.List.of(file), s.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void strangersInputGetsAnswersInTheirWords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        Host h = host(fs);
        String[][] cases = {
            {"--cpus abc: must be a positive number of CPUs", "create", "/x", "--cpus", "abc"},
            {"--cpus 0.000001 is below the minimum", "create", "/x", "--cpus", "0.000001"},
            {"Invalid value for option '--pids-limit': 'abc' is not a whole number", "create", "/x", "--pids-limit",
                "abc"},
            {"--memory: \"99999999999999999999\" is too large", "create", "/x", "--memory", "99999999999999999999"},
            {"--memory-reservation 64M is above --memory 32M", "create", "/x", "--memory", "32M",
                "--memory-reservation", "64M"},
            {"--memory-swap: 33554432 is below --memory 67108864 (--memory-swap is", "create", "/x", "--memory",
                "64M", "--memory-swap", "32M"},
            {"set /x: give at least one limit", "set", "/x"},
            {"--interval and --count go with --watch", "stats", "/x", "--count", "2"},
            {"--prometheus " + dir.resolve("no/x.prom") + ": no such directory", "doctor", "--prometheus",
                dir.resolve("no/x.prom").toString()},
            {"--prometheus " + dir + ": is a directory", "doctor", "--prometheus", dir.toString()},
            {"--pods 2000000: from 0 to 1000000", "simulate", "--pods", "2000000"},
            {"--max-walk 0: must be 1 or more", "doctor", "--max-walk", "0"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            CliTestSupport.Outcome o = CliTestSupport.run(h, args);
            assertEquals(2, o.exit(), String.join(" ", args) + ": " + o.err());
            assertTrue(o.err().startsWith("cgctl: " + c[0]), String.join(" ", args) + ": " + o.err());
            assertFalse(o.err().contains("Usage:"), "one line, not the whole usage page: " + o.err());
            assertTrue(o.err().strip().endsWith("--help)"), "and where the help is: " + o.err());
        }
        CliTestSupport.Outcome missing = CliTestSupport.run(h, "stats", "/nope");
        assertEquals(1, missing.exit());
        assertEquals("cgctl: no such cgroup: /nope", missing.err().strip());
        assertEquals(64, Sizes.parse("64b"));
    }

    @Test
    void eventsStreamsJsonLinesUntilTheCgroupGoes() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        Host h = Host.over(fs, fs.procFs());
        assertEquals(0, CliTestSupport.run(h, "create", "/e", "--memory", "64M").exit());
        long pid = fs.spawn();
        fs.write(MEM + "/e", "cgroup.procs", Long.toString(pid));
        java.util.concurrent.CompletableFuture<CliTestSupport.Outcome> f = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> CliTestSupport.run(h, "events", "/e", "--threshold", "32M"));
        for (int i = 0; i < 500 && fs.watches(MEM + "/e") == 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(1, fs.watches(MEM + "/e"), () -> f.isDone() ? f.join().err() + f.join().out() : "running");
        fs.setStatistic(MEM + "/e", "memory.usage_in_bytes", Long.toString(40L << 20));
        fs.oomKill(MEM + "/e");
        fs.rmdir(MEM + "/e");
        CliTestSupport.Outcome o = f.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, o.exit(), o.err());
        java.util.List<String> types = new java.util.ArrayList<>();
        for (String line : o.out().strip().split("\n")) {
            types.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("type").asText());
        }
        assertEquals(java.util.List.of("threshold", "oom", "oom_kill", "ended"), types, o.out());
        assertEquals(0, fs.watches(MEM + "/e"));
    }

    @Test
    void eventsRefusesBadInputInTheUsersWords() {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        Host h = Host.over(fs, fs.procFs());
        assertEquals(0, CliTestSupport.run(h, "create", "/e", "--memory", "64M").exit());
        for (String[] bad : new String[][] {{"--psi", "memory:1s"}, {"--psi", "disk:100ms:2s"},
            {"--psi", "memory:5s:2s"}, {"--psi", "memory:100ms:two"}, {"--pressure", "severe"},
            {"--threshold", "0"}, {"--interval", "0"}}) {
            String[] args = {"events", "/e", bad[0], bad[1]};
            CliTestSupport.Outcome o = CliTestSupport.run(h, args);
            assertEquals(2, o.exit(), String.join(" ", bad) + ": " + o.err());
            assertTrue(o.err().contains(bad[0]), o.err());
        }
        assertEquals(1, CliTestSupport.run(h, "events", "/nope").exit());
    }
}
