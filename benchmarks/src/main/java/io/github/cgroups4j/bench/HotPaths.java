package io.github.cgroups4j.bench;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.fs.v1.FsManager;
import io.github.cgroups4j.kernel.KmemDecision;
import io.github.cgroups4j.kernel.KmemGate;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.kernel.KmemRequest;
import io.github.cgroups4j.parse.CpuList;
import io.github.cgroups4j.parse.KeyValueFile;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.stats.Stats;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** JMH: the in-process hot paths (parsing, the gate, a manager's set and stats on the fake). No root needed. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HotPaths {
    /** memory.stat of a busy v1 cgroup (kernel 6.x), 36 keys. */
    static final String MEMORY_STAT = "cache 9506816\nrss 2895872\nrss_huge 0\nshmem 9068544\nmapped_file 7528448\n"
            + "dirty 0\nwriteback 0\nswap 0\npgpgin 11229\npgpgout 8172\npgfault 17955\npgmajfault 0\n"
            + "inactive_anon 11964416\nactive_anon 0\ninactive_file 241664\nactive_file 196608\nunevictable 0\n"
            + "hierarchical_memory_limit 9223372036854771712\nhierarchical_memsw_limit 9223372036854771712\n"
            + "total_cache 9506816\ntotal_rss 2895872\ntotal_rss_huge 0\ntotal_shmem 9068544\n"
            + "total_mapped_file 7528448\ntotal_dirty 0\ntotal_writeback 0\ntotal_swap 0\ntotal_pgpgin 11229\n"
            + "total_pgpgout 8172\ntotal_pgfault 17955\ntotal_pgmajfault 0\ntotal_inactive_anon 11964416\n"
            + "total_active_anon 0\ntotal_inactive_file 241664\ntotal_active_file 196608\ntotal_unevictable 0\n";
    /** This machine's mountinfo shape: 20 mounts, 10 of them cgroup. */
    static final String MOUNTINFO = "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
            + "23 27 0:22 / /sys rw,relatime - sysfs sysfs rw\n"
            + "24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334492k,nr_inodes=3083623,mode=755\n"
            + "27 1 253:0 / / rw,relatime - ext4 /dev/vda rw\n"
            + "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
            + "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
            + "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
            + "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
            + "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
            + "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
            + "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
            + "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
            + "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
            + "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
            + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

    private final KmemGate gate = KmemGate.of(KmemPolicy.GATED);
    private final KmemRequest el7 = new KmemRequest("3.10.0-514.10.2.el7.x86_64", false,
            Optional.of(Limit.of(64L << 20)), Optional.empty(), true, true);
    private FsManager manager;

    /** @throws CgroupException if the fake refuses */
    @Setup
    public void setUp() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.recordOperations(false);
        manager = FsManager.create(CgroupConfig.forPath("/bench").resources(HarnessVariant.RESOURCES).build(), fs,
                fs.procFs());
        manager.apply(CgroupManager.NO_PID);
        manager.set(HarnessVariant.RESOURCES);
    }

    /** @return parsed memory.stat @throws CgroupException never */
    @Benchmark
    public Map<String, Long> parseMemoryStat() throws CgroupException {
        return KeyValueFile.parse("memory.stat", MEMORY_STAT);
    }

    /** @return parsed mountinfo @throws CgroupException never */
    @Benchmark
    public MountInfo parseMountInfo() throws CgroupException {
        return MountInfo.parse(MOUNTINFO);
    }

    /** @return a parsed cpu list @throws CgroupException never */
    @Benchmark
    public CpuList parseCpuList() throws CgroupException {
        return CpuList.parse("0-3,8-11,16,18,20-23");
    }

    /** @return the gate's decision for a kmem request on CentOS 7 */
    @Benchmark
    public KmemDecision gateDecide() {
        return gate.decide(el7);
    }

    /** @throws CgroupException never: the runc-like Resources set on the fake (all controllers, 11 device rules) */
    @Benchmark
    public void setOnFake() throws CgroupException {
        manager.set(HarnessVariant.RESOURCES);
    }

    /** @return the stats of every controller, read and parsed from the fake @throws CgroupException never */
    @Benchmark
    public Stats statsOnFake() throws CgroupException {
        return manager.stats();
    }
}
