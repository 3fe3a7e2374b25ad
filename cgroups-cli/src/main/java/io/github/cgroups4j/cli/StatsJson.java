package io.github.cgroups4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cgroups4j.stats.BlkioStatEntry;
import io.github.cgroups4j.stats.MemoryData;
import io.github.cgroups4j.stats.NumaPages;
import io.github.cgroups4j.stats.PsiData;
import io.github.cgroups4j.stats.PsiStats;
import io.github.cgroups4j.stats.RdmaEntry;
import io.github.cgroups4j.stats.Stats;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Stats} as runc's {@code cgroups.Stats} JSON, with runc's field names, so tools written for runc read it. */
final class StatsJson {
    private StatsJson() {
    }

    static ObjectNode of(Stats s) {
        ObjectNode root = Json.object();
        ObjectNode cpu = root.putObject("cpu_stats");
        ObjectNode usage = cpu.putObject("cpu_usage");
        usage.put("total_usage", s.cpu().usage().totalUsage());
        longs(usage.putArray("percpu_usage"), s.cpu().usage().percpuUsage());
        longs(usage.putArray("percpu_usage_in_kernelmode"), s.cpu().usage().percpuUsageInKernelmode());
        longs(usage.putArray("percpu_usage_in_usermode"), s.cpu().usage().percpuUsageInUsermode());
        usage.put("usage_in_kernelmode", s.cpu().usage().usageInKernelmode());
        usage.put("usage_in_usermode", s.cpu().usage().usageInUsermode());
        ObjectNode thr = cpu.putObject("throttling_data");
        thr.put("periods", s.cpu().throttling().periods());
        thr.put("throttled_periods", s.cpu().throttling().throttledPeriods());
        thr.put("throttled_time", s.cpu().throttling().throttledTime());
        ObjectNode burst = cpu.putObject("burst_data");
        burst.put("bursts_periods", s.cpu().burst().burstsPeriods());
        burst.put("burst_time", s.cpu().burst().burstTime());
        psi(cpu, s.cpu().psi());

        ObjectNode cs = root.putObject("cpuset_stats");
        ints(cs.putArray("cpus"), s.cpuset().cpus());
        cs.put("cpu_exclusive", s.cpuset().cpuExclusive());
        ints(cs.putArray("mems"), s.cpuset().mems());
        cs.put("mem_hardwall", s.cpuset().memHardwall());
        cs.put("mem_exclusive", s.cpuset().memExclusive());
        cs.put("memory_migrate", s.cpuset().memoryMigrate());
        cs.put("memory_spread_page", s.cpuset().memorySpreadPage());
        cs.put("memory_spread_slab", s.cpuset().memorySpreadSlab());
        cs.put("memory_pressure", s.cpuset().memoryPressure());
        cs.put("sched_load_balance", s.cpuset().schedLoadBalance());
        cs.put("sched_relax_domain_level", s.cpuset().schedRelaxDomainLevel());

        ObjectNode mem = root.putObject("memory_stats");
        mem.put("cache", s.memory().cache());
        data(mem.putObject("usage"), s.memory().usage());
        data(mem.putObject("swap_usage"), s.memory().swapUsage());
        data(mem.putObject("swap_only_usage"), s.memory().swapOnlyUsage());
        data(mem.putObject("kernel_usage"), s.memory().kernelUsage());
        data(mem.putObject("kernel_tcp_usage"), s.memory().kernelTcpUsage());
        ObjectNode numa = mem.putObject("page_usage_by_numa");
        numa(numa.putObject("total"), s.memory().pageUsageByNuma().total());
        numa(numa.putObject("file"), s.memory().pageUsageByNuma().file());
        numa(numa.putObject("anon"), s.memory().pageUsageByNuma().anon());
        numa(numa.putObject("unevictable"), s.memory().pageUsageByNuma().unevictable());
        ObjectNode hier = numa.putObject("hierarchical");
        numa(hier.putObject("total"), s.memory().pageUsageByNuma().hierarchicalTotal());
        numa(hier.putObject("file"), s.memory().pageUsageByNuma().hierarchicalFile());
        numa(hier.putObject("anon"), s.memory().pageUsageByNuma().hierarchicalAnon());
        numa(hier.putObject("unevictable"), s.memory().pageUsageByNuma().hierarchicalUnevictable());
        mem.put("use_hierarchy", s.memory().useHierarchy());
        ObjectNode stats = mem.putObject("stats");
        s.memory().stats().forEach(stats::put);
        psi(mem, s.memory().psi());

        ObjectNode pids = root.putObject("pids_stats");
        pids.put("current", s.pids().current());
        pids.put("limit", s.pids().limit());

        ObjectNode blk = root.putObject("blkio_stats");
        entries(blk.putArray("io_service_bytes_recursive"), s.blkio().ioServiceBytesRecursive());
        entries(blk.putArray("io_serviced_recursive"), s.blkio().ioServicedRecursive());
        entries(blk.putArray("io_queue_recursive"), s.blkio().ioQueuedRecursive());
        entries(blk.putArray("io_service_time_recursive"), s.blkio().ioServiceTimeRecursive());
        entries(blk.putArray("io_wait_time_recursive"), s.blkio().ioWaitTimeRecursive());
        entries(blk.putArray("io_merged_recursive"), s.blkio().ioMergedRecursive());
        entries(blk.putArray("io_time_recursive"), s.blkio().ioTimeRecursive());
        entries(blk.putArray("sectors_recursive"), s.blkio().sectorsRecursive());
        psi(blk, s.blkio().psi());

        ObjectNode huge = root.putObject("hugetlb_stats");
        s.hugetlb().forEach((size, h) -> {
            ObjectNode o = huge.putObject(size);
            o.put("usage", h.usage());
            o.put("max_usage", h.maxUsage());
            o.put("failcnt", h.failcnt());
        });
        ObjectNode rdma = root.putObject("rdma_stats");
        rdma(rdma.putArray("rdma_limit"), s.rdma().rdmaLimit());
        rdma(rdma.putArray("rdma_current"), s.rdma().rdmaCurrent());
        ObjectNode misc = root.putObject("misc_stats");
        s.misc().forEach((k, v) -> {
            ObjectNode o = misc.putObject(k);
            o.put("usage", v.usage());
            o.put("events", v.events());
        });
        return root;
    }

    private static void longs(ArrayNode a, List<Long> values) {
        values.forEach(a::add);
    }

    private static void ints(ArrayNode a, List<Integer> values) {
        values.forEach(a::add);
    }

    private static void data(ObjectNode o, MemoryData d) {
        o.put("usage", d.usage());
        o.put("max_usage", d.maxUsage());
        o.put("failcnt", d.failcnt());
        o.put("limit", d.limit());
    }

    private static void numa(ObjectNode o, NumaPages p) {
        o.put("total", p.total());
        ObjectNode nodes = o.putObject("nodes");
        for (Map.Entry<Integer, Long> e : new java.util.TreeMap<>(p.nodes()).entrySet()) {
            nodes.put(Integer.toString(e.getKey()), e.getValue());
        }
    }

    private static void entries(ArrayNode a, List<BlkioStatEntry> entries) {
        for (BlkioStatEntry e : entries) {
            ObjectNode o = a.addObject();
            o.put("major", e.major());
            o.put("minor", e.minor());
            o.put("op", e.op());
            o.put("value", e.value());
        }
    }

    private static void rdma(ArrayNode a, List<RdmaEntry> entries) {
        for (RdmaEntry e : entries) {
            ObjectNode o = a.addObject();
            o.put("device", e.device());
            o.put("hca_handles", e.hcaHandles());
            o.put("hca_objects", e.hcaObjects());
        }
    }

    private static void psi(ObjectNode parent, Optional<PsiStats> psi) {
        psi.ifPresent(p -> {
            ObjectNode o = parent.putObject("psi");
            psiData(o.putObject("some"), p.some());
            psiData(o.putObject("full"), p.full());
        });
    }

    private static void psiData(ObjectNode o, PsiData d) {
        o.put("avg10", d.avg10());
        o.put("avg60", d.avg60());
        o.put("avg300", d.avg300());
        o.put("total", d.total());
    }
}
