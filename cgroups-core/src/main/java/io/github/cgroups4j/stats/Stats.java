package io.github.cgroups4j.stats;

import java.util.Map;
import java.util.Objects;

/**
 * All statistics of a cgroup (runc's {@code cgroups.Stats}). A controller not read has its {@code EMPTY} value.
 *
 * @param cpu CPU usage and throttling
 * @param cpuset cpuset settings
 * @param memory memory usage
 * @param pids task counts
 * @param blkio block I/O
 * @param hugetlb page size (e.g. {@code 2MB}) to usage
 * @param rdma RDMA
 * @param misc misc resource name to usage
 */
public record Stats(CpuStats cpu, CpusetStats cpuset, MemoryStats memory, PidsStats pids, BlkioStats blkio,
        Map<String, HugetlbStats> hugetlb, RdmaStats rdma, Map<String, MiscStats> misc) {
    /** Nothing read. */
    public static final Stats EMPTY = builder().build();

    /** Checks and copies the fields. */
    public Stats {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(cpuset, "cpuset");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(pids, "pids");
        Objects.requireNonNull(blkio, "blkio");
        Objects.requireNonNull(rdma, "rdma");
        hugetlb = Map.copyOf(hugetlb);
        misc = Map.copyOf(misc);
    }

    /** @return a builder with every part empty */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the parts as controllers are read. */
    public static final class Builder {
        private CpuStats cpu = CpuStats.EMPTY;
        private CpusetStats cpuset = CpusetStats.EMPTY;
        private MemoryStats memory = MemoryStats.EMPTY;
        private PidsStats pids = PidsStats.EMPTY;
        private BlkioStats blkio = BlkioStats.EMPTY;
        private Map<String, HugetlbStats> hugetlb = Map.of();
        private RdmaStats rdma = RdmaStats.EMPTY;
        private Map<String, MiscStats> misc = Map.of();

        private Builder() {
        }

        /** @param v cpu @return this */
        public Builder cpu(CpuStats v) {
            cpu = v;
            return this;
        }

        /** @param v cpuset @return this */
        public Builder cpuset(CpusetStats v) {
            cpuset = v;
            return this;
        }

        /** @param v memory @return this */
        public Builder memory(MemoryStats v) {
            memory = v;
            return this;
        }

        /** @param v pids @return this */
        public Builder pids(PidsStats v) {
            pids = v;
            return this;
        }

        /** @param v blkio @return this */
        public Builder blkio(BlkioStats v) {
            blkio = v;
            return this;
        }

        /** @param v hugetlb @return this */
        public Builder hugetlb(Map<String, HugetlbStats> v) {
            hugetlb = v;
            return this;
        }

        /** @param v rdma @return this */
        public Builder rdma(RdmaStats v) {
            rdma = v;
            return this;
        }

        /** @param v misc @return this */
        public Builder misc(Map<String, MiscStats> v) {
            misc = v;
            return this;
        }

        /** @return the statistics */
        public Stats build() {
            return new Stats(cpu, cpuset, memory, pids, blkio, hugetlb, rdma, misc);
        }
    }
}
