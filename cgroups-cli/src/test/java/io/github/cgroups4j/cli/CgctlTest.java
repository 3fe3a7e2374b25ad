package io.github.cgroups4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertTrue(j.get("reason").asText().contains("older than 4.3"));
        JsonNode here = JSON.readTree(CliTestSupport.run(host(fs), "kmem-gate", "--json").out());
        assertEquals(fs.profile().release(), here.get("kernel").asText(), "default: the host's kernel");
        assertTrue(here.get("enable").asBoolean());
        JsonNode legacy = JSON.readTree(CliTestSupport.run(host(fs), "kmem-gate", "--kernel",
                "3.10.0-693.el7.x86_64", "--policy", "legacy", "--kernel-memory", "0", "--json").out());
        assertTrue(legacy.get("enable").asBoolean(), "legacy enables on every memory cgroup it creates");
        assertEquals(0, legacy.get("kernel_memory").asLong());
        assertEquals(2, CliTestSupport.run(host(fs), "kmem-gate", "--policy", "sometimes").exit());
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
        assertTrue(o.err().contains("500/500 pods"), "a progress bar on stderr");
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
        assertEquals(0, CliTestSupport.run(h, "freeze", "/batch/job1").exit());
        assertEquals("FROZEN\n", fs.read("/sys/fs/cgroup/freezer/batch/job1", "freezer.state"));
        assertEquals(0, CliTestSupport.run(h, "thaw", "/batch/job1").exit());
        assertEquals(0, CliTestSupport.run(h, "destroy", "/batch/job1").exit());
        assertFalse(fs.exists(MEM + "/batch/job1"));
    }

    @Test
    void errorsAreOneLineWithExitCodes() {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        Host h = host(fs);
        CliTestSupport.Outcome bad = CliTestSupport.run(h, "create", "/a", "--cpu-shares", "1");
        assertEquals(2, bad.exit());
        assertEquals("cgctl: cpuShares: 1 is out of range [2, 262144]", bad.err().strip());
        CliTestSupport.Outcome missing = CliTestSupport.run(h, "stats", "/nope");
        assertEquals(1, missing.exit());
        assertEquals("cgctl: check /nope: no such cgroup", missing.err().strip());
        fs.inject(io.github.cgroups4j.testkit.Fault.on(io.github.cgroups4j.testkit.FakeOp.Kind.WRITE,
                "**/memory.limit_in_bytes").errno(io.github.cgroups4j.Errno.EINVAL));
        CliTestSupport.Outcome kernel = CliTestSupport.run(h, "create", "/b", "--memory", "64M");
        assertEquals(1, kernel.exit());
        assertEquals("cgctl: write \"67108864\" to memory.limit_in_bytes of /b: EINVAL (Invalid argument)",
                kernel.err().strip());
        assertFalse(fs.exists(MEM + "/b"), "a failed create leaves nothing behind");
        assertEquals(2, CliTestSupport.run(h, "create", "/c", "--memory", "lots").exit());
        assertEquals(2, CliTestSupport.run(h, "run", "--driver", "systemd", "--", "true").exit());
        assertEquals(2, CliTestSupport.run(h, "frobnicate").exit());
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
        assertFalse(j.at("/kmem_gate/kernel_memory_request_allowed").asBoolean());
        assertTrue(j.get("findings").toString().contains("IDs leak"), j.get("findings").toString());
        CliTestSupport.Outcome ok = CliTestSupport.run(host(FakeCgroupFs.modernHybrid()), "doctor");
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().contains("status      ok"), ok.out());
    }

    @Test
    void sizes() {
        assertEquals(64L << 20, Sizes.parse("64M"));
        assertEquals(64L << 20, Sizes.parse("64mb"));
        assertEquals(3L << 29, Sizes.parse("1.5G"));
        assertEquals(4096, Sizes.parse("4096"));
        assertEquals(-1, Sizes.parse("max"));
        assertEquals("64.0 MiB", Sizes.format(64L << 20));
        for (String bad : new String[] {"", "M", "-5", "1e9", "12X"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad), bad);
        }
    }
}
