package io.github.cgroups4j.fs.v2;

import io.github.cgroups4j.stats.BlkioStats;
import io.github.cgroups4j.stats.CpuStats;
import io.github.cgroups4j.stats.CpusetStats;
import io.github.cgroups4j.stats.HugetlbStats;
import io.github.cgroups4j.stats.MemoryStats;
import io.github.cgroups4j.stats.MiscStats;
import io.github.cgroups4j.stats.PidsStats;
import io.github.cgroups4j.stats.RdmaStats;
import io.github.cgroups4j.stats.Stats;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parts the controllers fill while statistics are read. */
final class V2Stats {
    CpuStats cpu = CpuStats.EMPTY;
    CpusetStats cpuset = CpusetStats.EMPTY;
    MemoryStats memory = MemoryStats.EMPTY;
    PidsStats pids = PidsStats.EMPTY;
    BlkioStats io = BlkioStats.EMPTY;
    final Map<String, HugetlbStats> hugetlb = new LinkedHashMap<>();
    RdmaStats rdma = RdmaStats.EMPTY;
    final Map<String, MiscStats> misc = new LinkedHashMap<>();

    Stats build() {
        return Stats.builder().cpu(cpu).cpuset(cpuset).memory(memory).pids(pids).blkio(io).hugetlb(hugetlb)
                .rdma(rdma).misc(misc).build();
    }
}
