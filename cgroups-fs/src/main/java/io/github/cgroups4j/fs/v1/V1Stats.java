package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.stats.BlkioStats;
import io.github.cgroups4j.stats.BurstData;
import io.github.cgroups4j.stats.CpuStats;
import io.github.cgroups4j.stats.CpuUsage;
import io.github.cgroups4j.stats.CpusetStats;
import io.github.cgroups4j.stats.HugetlbStats;
import io.github.cgroups4j.stats.MemoryStats;
import io.github.cgroups4j.stats.PidsStats;
import io.github.cgroups4j.stats.RdmaStats;
import io.github.cgroups4j.stats.Stats;
import io.github.cgroups4j.stats.ThrottlingData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The parts controllers fill while statistics are read; cpu comes from two v1 controllers. */
final class V1Stats {
    CpuUsage usage = CpuUsage.ZERO;
    ThrottlingData throttling = ThrottlingData.ZERO;
    BurstData burst = BurstData.ZERO;
    CpusetStats cpuset = CpusetStats.EMPTY;
    MemoryStats memory = MemoryStats.EMPTY;
    PidsStats pids = PidsStats.EMPTY;
    BlkioStats blkio = BlkioStats.EMPTY;
    final Map<String, HugetlbStats> hugetlb = new LinkedHashMap<>();
    RdmaStats rdma = RdmaStats.EMPTY;

    Stats build() {
        return Stats.builder().cpu(new CpuStats(usage, throttling, burst, Optional.empty())).cpuset(cpuset)
                .memory(memory).pids(pids).blkio(blkio).hugetlb(hugetlb).rdma(rdma).build();
    }
}
