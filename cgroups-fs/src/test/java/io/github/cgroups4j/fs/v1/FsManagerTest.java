package io.github.cgroups4j.fs.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.HugepageLimit;
import io.github.cgroups4j.IfPrioMap;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.ThrottleDevice;
import io.github.cgroups4j.WeightDevice;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.stats.Stats;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import io.github.cgroups4j.testkit.Fault;
import io.github.cgroups4j.testkit.KernelProfile;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FsManagerTest {
    private static final String CG = "/sys/fs/cgroup";

    private static FsManager manager(FakeCgroupFs fs, CgroupConfig c) throws CgroupException {
        return FsManager.create(c, fs, fs.procFs());
    }

    private static FsManager manager(FakeCgroupFs fs, String path) throws CgroupException {
        return manager(fs, CgroupConfig.forPath(path).build());
    }

    @Test
    void blkioStatisticsFilesAreProbedOncePerHostNotPerManager() throws CgroupException {
        FakeCgroupFs fake = FakeCgroupFs.modernHybrid();
        List<String> probes = new java.util.ArrayList<>();
        io.github.cgroups4j.spi.CgroupFs fs = new io.github.cgroups4j.testkit.ForwardingCgroupFs(fake) {
            @Override
            public boolean exists(String dir, String file) {
                if (dir.endsWith("/blkio")) {
                    probes.add(file);
                }
                return super.exists(dir, file);
            }
        };
        HostSnapshot host = HostSnapshot.read(fake.procFs());
        for (String name : List.of("/a", "/b")) {
            FsManager m = FsManager.create(CgroupConfig.forPath(name).build(), fs, fake.procFs(), host);
            m.apply(CgroupManager.NO_PID);
            m.stats();
            m.stats();
            m.destroy();
        }
        assertEquals(5, probes.size(), "the five statistics groups' first files, once: " + probes);
        FsManager other = FsManager.create(CgroupConfig.forPath("/c").build(), fs, fake.procFs(),
                HostSnapshot.read(fake.procFs()));
        other.apply(CgroupManager.NO_PID);
        other.stats();
        other.destroy();
        assertEquals(10, probes.size(), "another snapshot (another host, as far as it knows) probes again");
    }

    private static List<String> writes(FakeCgroupFs fs, String file) {
        return fs.operations().stream().filter(o -> o.kind() == FakeOp.Kind.WRITE && file.equals(o.file()) && o.ok())
                .map(o -> o.dir().substring(o.dir().lastIndexOf('/') + 1) + "=" + o.value()).toList();
    }

    @Test
    void pathsFollowTheMountsOfThisHost() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/batch/job1");
        assertEquals(CG + "/cpu/batch/job1", m.path(Controller.CPU));
        assertEquals(CG + "/cpuacct/batch/job1", m.path(Controller.CPUACCT));
        assertEquals(CG + "/systemd/batch/job1", m.paths().get("name=systemd"));
        assertEquals(CG + "/unified/batch/job1", m.paths().get(""), "hybrid: cgroup2 is joined too");
        assertEquals(null, m.path(Controller.HUGETLB), "not mounted here: skipped");
        assertEquals(10, m.paths().size());
    }

    @Test
    void classicHostsCoMountCpuAndCpuacct() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().layout(FakeCgroupFs.Layout.CLASSIC_HYBRID).build();
        FsManager m = manager(fs, "/a");
        assertEquals(CG + "/cpu,cpuacct/a", m.path(Controller.CPU));
        assertEquals(m.path(Controller.CPU), m.path(Controller.CPUACCT));
        assertEquals(CG + "/net_cls,net_prio/a", m.path(Controller.NET_PRIO));
        m.apply(fs.spawn());
        assertTrue(fs.exists(CG + "/cpu,cpuacct/a"));
    }

    @Test
    void relativePathsLiveUnderTheCallersOwnCgroup() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().selfCgroup("/user.slice/session-2.scope").build();
        FsManager m = manager(fs, "job1");
        assertEquals(CG + "/memory/user.slice/session-2.scope/job1", m.path(Controller.MEMORY));
    }

    @Test
    void refusesUnifiedHostsAndHierarchyRoots() {
        CgroupException v2 = assertThrows(CgroupException.class, () -> manager(FakeCgroupFs.unified(), "/a"));
        assertTrue(v2.getMessage().contains("this host is cgroup v2 only (unified): use Fs2Manager"), v2.getMessage());
        CgroupException root = assertThrows(CgroupException.class, () -> manager(FakeCgroupFs.modernHybrid(), "/"));
        assertTrue(root.getMessage().contains("root"), root.getMessage());
    }

    @Test
    void applyCreatesEveryHierarchyAndJoins() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a/b");
        long pid = fs.spawn();
        m.apply(pid);
        for (String dir : m.paths().values()) {
            assertTrue(fs.exists(dir), dir);
        }
        assertEquals(CG + "/memory/a/b", fs.cgroupOf(pid, "memory"));
        assertEquals(CG + "/unified/a/b", fs.cgroupOf(pid, ""));
        assertEquals(List.of(pid), m.pids());
        assertTrue(m.exists());
        // the cpuset parents were populated before the task joined
        assertEquals("0-1\n", fs.read(CG + "/cpuset/a", "cpuset.cpus"));
        assertEquals("0\n", fs.read(CG + "/cpuset/a/b", "cpuset.mems"));
    }

    @Test
    void applyWithoutPidOnlyCreates() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        assertTrue(m.exists());
        assertEquals(List.of(), m.pids());
        assertTrue(writes(fs, "cgroup.procs").isEmpty());
    }

    @Test
    void requestedCpusetValuesWinOverTheParents() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, CgroupConfig.forPath("/a").resources(Resources.builder().cpusetCpus("1").build())
                .build());
        long pid = fs.spawn();
        m.apply(pid);
        assertEquals("1\n", fs.read(CG + "/cpuset/a", "cpuset.cpus"));
        assertEquals("0\n", fs.read(CG + "/cpuset/a", "cpuset.mems"), "copied from the parent");
        assertTrue(fs.procFs().status(pid).contains("Cpus_allowed_list:\t1\n"));
    }

    @Test
    void anExistingEmptyCpusetParentIsPopulatedBeforeTheTaskJoins() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.mkdir(CG + "/cpuset/batch"); // made by hand, never populated
        long pid = fs.spawn();
        manager(fs, "/batch/job1").apply(pid);
        assertEquals("0-1\n", fs.read(CG + "/cpuset/batch", "cpuset.cpus"));
        assertEquals("0\n", fs.read(CG + "/cpuset/batch/job1", "cpuset.mems"));
        assertEquals(CG + "/cpuset/batch/job1", fs.cgroupOf(pid, "cpuset"));
        fs.mkdir(CG + "/cpuset/empty");
        FsManager pinned = manager(fs, CgroupConfig.forPath("/empty/job2")
                .resources(Resources.builder().cpusetCpus("1").build()).build());
        pinned.apply(pid); // "1" is refused under an empty parent until the parent is populated
        assertEquals("1\n", fs.read(CG + "/cpuset/empty/job2", "cpuset.cpus"));
        assertEquals("0-1\n", fs.read(CG + "/cpuset/empty", "cpuset.cpus"));
    }

    @Test
    void applyCreatesOnlyTheLeafWhenTheParentExists() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        manager(fs, "/parent").apply(CgroupManager.NO_PID);
        fs.clearOperations();
        manager(fs, "/parent/leaf").apply(CgroupManager.NO_PID);
        List<FakeOp> mkdirs = fs.operations().stream().filter(o -> o.kind() == FakeOp.Kind.MKDIR).toList();
        assertEquals(11, mkdirs.size(), "one mkdir per hierarchy, and cpuset's walk over the parent: " + mkdirs);
        assertEquals(List.of(CG + "/cpuset/parent"), mkdirs.stream().filter(o -> !o.ok()).map(FakeOp::dir).toList(),
                "runc's cpusetEnsureParent makes sure of every level: the existing parent answers EEXIST");
    }

    @Test
    void rtRuntimeIsWrittenBeforeTheTaskJoins() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, CgroupConfig.forPath("/a")
                .resources(Resources.builder().cpuRtPeriod(1_000_000).cpuRtRuntime(10_000).build()).build());
        fs.clearOperations();
        m.apply(fs.spawn());
        List<FakeOp> cpuOps = fs.operations().stream().filter(o -> o.dir().equals(CG + "/cpu/a") && o.file() != null)
                .toList();
        assertEquals(List.of("cpu.rt_period_us", "cpu.rt_runtime_us", "cgroup.procs"),
                cpuOps.stream().map(FakeOp::file).toList());
    }

    @Test
    void failedApplyRemovesWhatItCreatedAndMovesTheTaskBack() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.mkdir(CG + "/memory/existing");
        FsManager m = manager(fs, "/existing/new/leaf");
        long pid = fs.spawn();
        fs.inject(Fault.on(FakeOp.Kind.WRITE, CG + "/pids/**/cgroup.procs").errno(Errno.EINVAL).always());
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(pid));
        assertTrue(e.is(Errno.EINVAL), e.getMessage());
        for (String h : List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "systemd",
                "unified")) {
            assertFalse(fs.exists(CG + "/" + h + "/existing/new"), h + ": the new directories are gone");
            assertEquals(CG + "/" + h, fs.cgroupOf(pid, h.equals("unified") ? "" : h.equals("systemd")
                    ? "name=systemd" : h), h + ": the task is back where it was");
        }
        assertTrue(fs.exists(CG + "/memory/existing"), "what existed before stays");
        assertFalse(fs.exists(CG + "/cpu/existing"), "a parent created by the apply is removed too");
    }

    @Test
    void failedMkdirMidwayLeavesNothing() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.inject(Fault.on(FakeOp.Kind.MKDIR, CG + "/freezer/**").errno(Errno.ENOSPC));
        FsManager m = manager(fs, "/job");
        assertTrue(assertThrows(CgroupException.class, () -> m.apply(CgroupManager.NO_PID)).is(Errno.ENOSPC));
        for (String dir : m.paths().values()) {
            assertFalse(fs.exists(dir), dir);
        }
    }

    @Test
    void memoryAndSwapAreWrittenInTheOrderTheKernelAccepts() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        m.set(Resources.builder().memory(64L << 20).memorySwap(128L << 20).build());
        fs.clearOperations();
        m.set(Resources.builder().memory(256L << 20).memorySwap(512L << 20).build()); // grow: refused, then swap first
        assertEquals(List.of("memory.limit_in_bytes=EINVAL", "memory.memsw.limit_in_bytes", "memory.limit_in_bytes"),
                memoryWrites(fs));
        fs.clearOperations();
        m.set(Resources.builder().memory(32L << 20).memorySwap(64L << 20).build()); // shrink: memory first
        assertEquals(List.of("memory.limit_in_bytes", "memory.memsw.limit_in_bytes"), memoryWrites(fs));
        assertEquals(Long.toString(32L << 20) + "\n", fs.read(CG + "/memory/a", "memory.limit_in_bytes"));
        assertEquals(Long.toString(64L << 20) + "\n", fs.read(CG + "/memory/a", "memory.memsw.limit_in_bytes"));
        fs.clearOperations();
        m.set(Resources.builder().memory(Limit.unlimited()).build()); // -1 alone: swap -1 too, swap first
        assertEquals(List.of("memory.memsw.limit_in_bytes", "memory.limit_in_bytes"), memoryWrites(fs));
        assertTrue(fs.operations().stream().noneMatch(o -> o.kind() == FakeOp.Kind.READ), "no read of the limit");
    }

    private static List<String> memoryWrites(FakeCgroupFs fs) {
        return fs.operations().stream().filter(o -> o.kind() == FakeOp.Kind.WRITE && o.file().startsWith("memory."))
                .map(o -> o.ok() ? o.file() : o.file() + "=" + io.github.cgroups4j.Errno.of(o.errno()).orElseThrow())
                .toList();
    }

    @Test
    void memoryBelowUsageExplainsItself() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        fs.setStatistic(CG + "/memory/a", "memory.usage_in_bytes", "10485760");
        CgroupException e = assertThrows(CgroupException.class, () -> m.set(Resources.builder().memory(1 << 20).build()));
        assertTrue(e.is(Errno.EBUSY));
        assertTrue(e.getMessage().contains("cannot go below current usage 10485760"), e.getMessage());
    }

    @Test
    void everyMemorySetting() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        m.set(Resources.builder().memoryReservation(16L << 20).oomKillDisable(true).memorySwappiness(0).build());
        String d = CG + "/memory/a";
        assertEquals(Long.toString(16L << 20) + "\n", fs.read(d, "memory.soft_limit_in_bytes"));
        assertTrue(fs.read(d, "memory.oom_control").startsWith("oom_kill_disable 1"));
        assertEquals("0\n", fs.read(d, "memory.swappiness"));
    }

    @Test
    void cpuSettingsAndTheirOrder() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        fs.clearOperations();
        m.set(Resources.builder().cpuShares(512).cpuPeriod(50_000).cpuQuota(25_000).cpuBurst(1000).cpuIdle(1).build());
        List<String> files = fs.operations().stream().filter(o -> o.kind() == FakeOp.Kind.WRITE).map(FakeOp::file)
                .toList();
        assertEquals(List.of("cpu.shares", "cpu.cfs_period_us", "cpu.cfs_quota_us", "cpu.cfs_burst_us", "cpu.idle"),
                files);
        assertEquals("25000\n", fs.read(CG + "/cpu/a", "cpu.cfs_quota_us"));
        m.set(Resources.builder().cpuQuota(Limit.unlimited()).build());
        assertEquals("-1\n", fs.read(CG + "/cpu/a", "cpu.cfs_quota_us"));
    }

    @Test
    void periodRefusedWithEinvalIsRetriedAfterTheQuota() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        fs.inject(Fault.on(FakeOp.Kind.WRITE, CG + "/cpu/a/cpu.cfs_period_us").errno(Errno.EINVAL));
        fs.clearOperations();
        m.set(Resources.builder().cpuPeriod(10_000).cpuQuota(5_000).build());
        assertEquals(List.of("a=10000", "a=10000"), writes(fs, "cpu.cfs_period_us").isEmpty() ? List.of()
                : fs.operations().stream().filter(o -> "cpu.cfs_period_us".equals(o.file()))
                        .map(o -> "a=" + o.value()).toList());
        assertEquals("10000\n", fs.read(CG + "/cpu/a", "cpu.cfs_period_us"));
        fs.inject(Fault.on(FakeOp.Kind.WRITE, CG + "/cpu/a/cpu.cfs_period_us").errno(Errno.EINVAL));
        assertTrue(assertThrows(CgroupException.class, () -> m.set(Resources.builder().cpuPeriod(20_000).build()))
                .is(Errno.EINVAL), "without a quota there is nothing to retry after");
    }

    @Test
    void devicesWriteTheMinimalTransitionAndCheckIt() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        fs.clearOperations();
        m.set(Resources.builder().device(DeviceRule.deny('a', -1, -1, "rwm")).device(DeviceRule.allow('c', 1, 3, "rwm"))
                .device(DeviceRule.allow('c', 1, 9, "rwm")).build());
        assertEquals(List.of("a=a *:* rwm"), writes(fs, "devices.deny"));
        assertEquals(List.of("a=c 1:3 rwm", "a=c 1:9 rwm"), writes(fs, "devices.allow"));
        assertEquals("c 1:3 rwm\nc 1:9 rwm\n", fs.read(CG + "/devices/a", "devices.list"));
        fs.clearOperations();
        m.set(Resources.builder().device(DeviceRule.deny('a', -1, -1, "rwm")).device(DeviceRule.allow('c', 1, 3, "rwm"))
                .build());
        assertEquals(List.of("a=c 1:9 rwm"), writes(fs, "devices.deny"), "only what changed");
        assertEquals(List.of(), writes(fs, "devices.allow"));
        fs.clearOperations();
        m.set(Resources.builder().device(DeviceRule.allow('c', 1, 5, "r")).skipDevices(true).build());
        m.set(Resources.empty());
        assertEquals(List.of(), writes(fs, "devices.allow"), "skipDevices and no rules leave devices alone");
    }

    @Test
    void deviceRulesTheV1CgroupCannotExpressAreRefused() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        CgroupException e = assertThrows(CgroupException.class, () -> m.set(Resources.builder()
                .device(DeviceRule.deny('a', -1, -1, "rwm")).device(DeviceRule.allow('c', -1, -1, "rwm"))
                .device(DeviceRule.deny('c', 1, 3, "r")).build()));
        assertTrue(e.getMessage().contains("punch a hole"), e.getMessage());
    }

    @Test
    void freezeThawAndState() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(fs.spawn());
        assertEquals(FreezerState.THAWED, m.freezerState());
        m.freeze(FreezerState.FROZEN);
        assertEquals(FreezerState.FROZEN, m.freezerState());
        m.freeze(FreezerState.THAWED);
        assertEquals(FreezerState.THAWED, m.freezerState());
    }

    @Test
    void aFreezeThatFailsIsThawedBack() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(fs.spawn());
        fs.inject(Fault.on(FakeOp.Kind.READ, CG + "/freezer/a/freezer.state").errno(Errno.EIO));
        assertTrue(assertThrows(CgroupException.class, () -> m.freeze(FreezerState.FROZEN)).is(Errno.EIO));
        fs.clearFaults();
        assertEquals(FreezerState.THAWED, m.freezerState());
    }

    @Test
    void blkioUsesBfqOrCfqWhicheverExists() throws CgroupException {
        Resources r = Resources.builder().blkioWeight(500)
                .blkioWeightDevice(new WeightDevice(8, 0, OptionalInt.of(300), OptionalInt.empty()))
                .blkioThrottleReadBpsDevice(new ThrottleDevice(8, 0, 1 << 20))
                .blkioThrottleWriteIopsDevice(new ThrottleDevice(8, 0, 100)).build();
        FakeCgroupFs modern = FakeCgroupFs.modernHybrid();
        FsManager m = manager(modern, CgroupConfig.forPath("/a").resources(r).build());
        m.apply(CgroupManager.NO_PID);
        m.set(r);
        assertEquals("500\n", modern.read(CG + "/blkio/a", "blkio.bfq.weight"));
        assertEquals("8:0 300\n", modern.read(CG + "/blkio/a", "blkio.bfq.weight_device"));
        assertEquals("8:0 1048576\n", modern.read(CG + "/blkio/a", "blkio.throttle.read_bps_device"));
        assertEquals("8:0 100\n", modern.read(CG + "/blkio/a", "blkio.throttle.write_iops_device"));
        FakeCgroupFs old = FakeCgroupFs.centos7();
        FsManager o = manager(old, "/a");
        o.apply(CgroupManager.NO_PID);
        o.set(r.toBuilder().blkioLeafWeight(200).build());
        assertEquals("500\n", old.read(CG + "/blkio/a", "blkio.weight"));
        assertEquals("200\n", old.read(CG + "/blkio/a", "blkio.leaf_weight"));
        assertEquals("8:0 300\n", old.read(CG + "/blkio/a", "blkio.weight_device"));
    }

    @Test
    void pidsHugetlbNetClsNetPrio() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().layout(FakeCgroupFs.Layout.CLASSIC_HYBRID).build();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        m.set(Resources.builder().pidsLimit(10).hugetlbLimit(new HugepageLimit("2MB", 4L << 20))
                .netClsClassid(0x100001).netPrioIfpriomap(new IfPrioMap("eth0", 5)).build());
        assertEquals("10\n", fs.read(CG + "/pids/a", "pids.max"));
        assertEquals(Long.toString(4L << 20) + "\n", fs.read(CG + "/hugetlb/a", "hugetlb.2MB.limit_in_bytes"));
        assertEquals("1048577\n", fs.read(CG + "/net_cls,net_prio/a", "net_cls.classid"));
        assertTrue(fs.read(CG + "/net_cls,net_prio/a", "net_prio.ifpriomap").contains("eth0 5"));
        m.set(Resources.builder().pidsLimit(Limit.unlimited()).build());
        assertEquals("max\n", fs.read(CG + "/pids/a", "pids.max"));
    }

    @Test
    void setBeforeApplyAndUnifiedAreRefused() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        CgroupException e = assertThrows(CgroupException.class, () -> m.set(Resources.builder().pidsLimit(1).build()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        m.apply(CgroupManager.NO_PID);
        CgroupException u = assertThrows(CgroupException.class,
                () -> m.set(Resources.builder().unified("memory.high", "1M").build()));
        assertTrue(u.getMessage().contains("cgroup v1"), u.getMessage());
    }

    @Test
    void statsOfEveryController() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().layout(FakeCgroupFs.Layout.CLASSIC_HYBRID).build();
        FsManager m = manager(fs, "/a");
        long pid = fs.spawn();
        m.apply(pid);
        String cpu = CG + "/cpu,cpuacct/a";
        fs.setStatistic(cpu, "cpuacct.usage", "123456789\n");
        fs.setStatistic(cpu, "cpuacct.stat", "user 150\nsystem 50\n");
        fs.setStatistic(cpu, "cpuacct.usage_percpu", "100000000 23456789 \n");
        fs.setStatistic(cpu, "cpuacct.usage_all", "cpu user system\n0 90000000 10000000\n1 20000000 3456789\n");
        fs.setStatistic(cpu, "cpu.stat", "nr_periods 10\nnr_throttled 4\nthrottled_time 5000\nnr_bursts 1\nburst_time 7\n");
        String mem = CG + "/memory/a";
        fs.setStatistic(mem, "memory.usage_in_bytes", "1048576");
        fs.setStatistic(mem, "memory.max_usage_in_bytes", "2097152");
        fs.setStatistic(mem, "memory.memsw.usage_in_bytes", "1572864");
        fs.setStatistic(mem, "memory.memsw.max_usage_in_bytes", "2097152");
        fs.setStatistic(mem, "memory.kmem.usage_in_bytes", "4096");
        fs.setStatistic(mem, "memory.stat", "cache 8192\nrss 4096\n");
        fs.setStatistic(CG + "/blkio/a", "blkio.bfq.io_service_bytes_recursive",
                "8:0 Read 4096\n8:0 Write 0\nTotal 4096\n");
        fs.setStatistic(CG + "/blkio/a", "blkio.bfq.io_serviced_recursive", "8:0 Read 1\nTotal 1\n");
        fs.setStatistic(CG + "/hugetlb/a", "hugetlb.2MB.usage_in_bytes", "2097152\n");
        m.set(Resources.builder().pidsLimit(10).memory(64L << 20).build());
        Stats s = m.stats();
        assertEquals(123456789, s.cpu().usage().totalUsage());
        assertEquals(1_500_000_000L, s.cpu().usage().usageInUsermode(), "USER_HZ ticks to ns");
        assertEquals(500_000_000L, s.cpu().usage().usageInKernelmode());
        assertEquals(List.of(100000000L, 23456789L), s.cpu().usage().percpuUsage());
        assertEquals(List.of(10000000L, 3456789L), s.cpu().usage().percpuUsageInKernelmode());
        assertEquals(List.of(90000000L, 20000000L), s.cpu().usage().percpuUsageInUsermode());
        assertEquals(4, s.cpu().throttling().throttledPeriods());
        assertEquals(5000, s.cpu().throttling().throttledTime());
        assertEquals(1, s.cpu().burst().burstsPeriods());
        assertEquals(1048576, s.memory().usage().usage());
        assertEquals(2097152, s.memory().usage().maxUsage());
        assertEquals(64L << 20, s.memory().usage().limit());
        assertEquals(524288, s.memory().swapOnlyUsage().usage(), "memsw - memory");
        assertEquals(4096, s.memory().kernelUsage().usage());
        assertEquals(8192, s.memory().cache());
        assertEquals(4096L, s.memory().stats().get("rss"));
        assertTrue(s.memory().useHierarchy());
        assertEquals(1, s.pids().current());
        assertEquals(10, s.pids().limit());
        assertEquals(2, s.blkio().ioServiceBytesRecursive().size());
        assertEquals(1, s.blkio().ioServicedRecursive().size());
        assertEquals(2097152, s.hugetlb().get("2MB").usage());
        assertEquals(List.of(0, 1), s.cpuset().cpus());
        Stats onlyPids = m.stats(EnumSet.of(Controller.PIDS));
        assertEquals(1, onlyPids.pids().current());
        assertEquals(0, onlyPids.memory().usage().usage(), "not read");
        assertEquals(0, m.stats(Set.of()).pids().current());
    }

    @Test
    void blkioStatisticsOnCfqAndBfqKernelsInOneProcess() throws CgroupException {
        for (FakeCgroupFs fs : List.of(FakeCgroupFs.modernHybrid(), FakeCgroupFs.centos7(),
                FakeCgroupFs.modernHybrid())) {
            FsManager m = manager(fs, "/a");
            m.apply(CgroupManager.NO_PID);
            String file = fs.profile().cfqBlkio() ? "blkio.io_service_bytes_recursive"
                    : "blkio.bfq.io_service_bytes_recursive";
            String serviced = fs.profile().cfqBlkio() ? "blkio.io_serviced_recursive"
                    : "blkio.bfq.io_serviced_recursive";
            fs.setStatistic(CG + "/blkio/a", file, "8:0 Read 512\nTotal 512\n");
            fs.setStatistic(CG + "/blkio/a", serviced, "8:0 Read 1\nTotal 1\n");
            if (fs.profile().cfqBlkio()) { // runc picks a group by its first file: sectors on CFQ
                fs.setStatistic(CG + "/blkio/a", "blkio.sectors_recursive", "8:0 1\n");
            }
            assertEquals(512, m.stats().blkio().ioServiceBytesRecursive().get(0).value(), fs.profile().name());
            assertEquals(512, m.stats().blkio().ioServiceBytesRecursive().get(0).value(), "again, with the cache");
        }
    }

    @Test
    void statsOfAnUnlimitedPidsCgroupReadsZeroLimit() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        assertEquals(0, m.stats(EnumSet.of(Controller.PIDS)).pids().limit());
        assertEquals(0, m.stats().blkio().ioServiceBytesRecursive().size());
    }

    @Test
    void destroyRemovesLeavesFirstAndRetriesBusy() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        fs.mkdir(CG + "/memory/a/sub");
        fs.mkdir(CG + "/memory/a/sub/leaf");
        fs.inject(Fault.on(FakeOp.Kind.RMDIR, CG + "/pids/a").errno(Errno.EBUSY).nth(2)); // the retry is busy once
        m.destroy();
        for (String dir : m.paths().values()) {
            assertFalse(fs.exists(dir), dir);
        }
        assertFalse(m.exists());
        m.destroy(); // ENOENT is done
    }

    @Test
    void destroyReportsWhatStaysBusy() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(fs.spawn());
        fs.clearOperations();
        CgroupException e = assertThrows(CgroupException.class, m::destroy);
        assertTrue(e.is(Errno.EBUSY), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was removed: pid 1001 in blkio, cgroup2, cpu, cpuacct"),
                e.getMessage());
        assertTrue(fs.operations().stream().noneMatch(o -> o.kind() == FakeOp.Kind.RMDIR), "all or nothing");
        for (String dir : m.paths().values()) {
            assertTrue(fs.exists(dir), dir);
        }
    }

    @Test
    void aManagerCanBeRecreatedFromSavedPaths() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/crashed");
        m.apply(CgroupManager.NO_PID);
        Map<String, String> saved = m.paths();
        FsManager again = FsManager.load(CgroupConfig.forPath("/crashed").build(), saved, fs, fs.procFs());
        assertEquals(saved, again.paths());
        again.destroy();
        assertFalse(fs.exists(CG + "/memory/crashed"));
    }

    @Test
    void addPidIntoASubCgroupButNotOutOfIt() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        m.apply(CgroupManager.NO_PID);
        for (String dir : m.paths().values()) {
            fs.mkdir(dir + "/exec");
        }
        fs.write(CG + "/cpuset/a/exec", "cpuset.cpus", "0"); // an empty cpuset refuses tasks
        fs.write(CG + "/cpuset/a/exec", "cpuset.mems", "0");
        long pid = fs.spawn();
        m.addPid("exec", pid);
        assertEquals(CG + "/memory/a/exec", fs.cgroupOf(pid, "memory"));
        assertEquals(List.of(pid), m.allPids());
        assertEquals(List.of(), m.pids());
        CgroupException e = assertThrows(CgroupException.class, () -> m.addPid("../../etc", pid));
        assertTrue(e.getMessage().contains("would leave the cgroup"), e.getMessage());
        m.addPid("", pid);
        assertEquals(List.of(pid), m.pids());
    }

    @Test
    void oomKillCount() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/a");
        long pid = fs.spawn();
        m.apply(pid);
        assertEquals(0, m.oomKillCount());
        fs.oomKill(CG + "/memory/a");
        assertEquals(1, m.oomKillCount());
    }

    @Test
    void legacyAlwaysEnablesKmemOnCreationBeforeTheTaskJoins() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(KernelProfile.centos7().withMemoryIdCap(100))
                .layout(FakeCgroupFs.Layout.LEGACY).build();
        FsManager m = manager(fs, CgroupConfig.forPath("/kubepods").kmemPolicy(KmemPolicy.LEGACY_ALWAYS)
                .resources(Resources.builder().memory(1L << 30).build()).build());
        fs.clearOperations();
        m.apply(fs.spawn());
        List<String> memOps = fs.operations().stream()
                .filter(o -> o.kind() == FakeOp.Kind.WRITE && o.dir().equals(CG + "/memory/kubepods"))
                .map(o -> o.file() + "=" + o.value()).toList();
        assertEquals(List.of("memory.kmem.limit_in_bytes=1", "memory.kmem.limit_in_bytes=-1",
                "cgroup.procs=" + m.pids().get(0)), memOps);
        assertTrue(fs.kmemActive(CG + "/memory/kubepods"));
        KmemReport r = m.kmemReport().orElseThrow();
        assertTrue(r.accountingEnabled());
        assertTrue(r.decision().reason().contains("LEGACY_ALWAYS"));
    }

    @Test
    void legacyLeavesACgroupItOnlyJoinsAlone() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.centos7();
        fs.mkdir(CG + "/memory/kubepods");
        FsManager m = manager(fs, CgroupConfig.forPath("/kubepods").kmemPolicy(KmemPolicy.LEGACY_ALWAYS)
                .resources(Resources.builder().memory(1L << 30).build()).build());
        m.apply(CgroupManager.NO_PID);
        assertFalse(fs.kmemActive(CG + "/memory/kubepods"));
        assertTrue(writes(fs, "memory.kmem.limit_in_bytes").isEmpty());
    }

    @Test
    void gatedWithoutKernelMemoryNeverTouchesTheKmemFile() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.centos7();
        FsManager m = manager(fs, CgroupConfig.forPath("/kubepods")
                .resources(Resources.builder().memory(1L << 30).memorySwap(2L << 30).build()).build());
        m.apply(fs.spawn());
        m.set(m.config().resources());
        assertTrue(fs.operations().stream().noneMatch(o -> "memory.kmem.limit_in_bytes".equals(o.file())));
        assertFalse(fs.kmemActive(CG + "/memory/kubepods"));
        assertFalse(m.kmemReport().orElseThrow().decision().enableAccounting());
    }

    @Test
    void gatedOnAModernKernelEnablesWritesAndReportsTheKernelIgnoredIt() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        Resources r = Resources.builder().memory(64L << 20).kernelMemory(32L << 20).build();
        FsManager m = manager(fs, CgroupConfig.forPath("/a").resources(r).build());
        m.apply(CgroupManager.NO_PID);
        m.set(r);
        assertEquals(List.of("a=1", "a=-1", "a=" + (32L << 20)), writes(fs, "memory.kmem.limit_in_bytes"));
        KmemReport rep = m.kmemReport().orElseThrow();
        assertTrue(rep.accountingEnabled() && rep.limitWritten() && rep.ignoredByKernel(), rep.toString());
    }

    @Test
    void gatedOnCentos7RefusesKernelMemoryAndStrictMakesItAnError() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.centos7();
        Resources r = Resources.builder().memory(64L << 20).kernelMemory(32L << 20).build();
        FsManager m = manager(fs, CgroupConfig.forPath("/a").resources(r).build());
        m.apply(CgroupManager.NO_PID);
        m.set(r);
        assertTrue(writes(fs, "memory.kmem.limit_in_bytes").isEmpty());
        assertTrue(m.kmemReport().orElseThrow().decision().refused());
        FsManager strict = manager(fs, CgroupConfig.forPath("/b").resources(r).kmemStrict(true).build());
        CgroupException e = assertThrows(CgroupException.class, () -> strict.apply(CgroupManager.NO_PID));
        assertTrue(e.getMessage().contains("strict"), e.getMessage());
        for (String dir : strict.paths().values()) {
            assertFalse(fs.exists(dir), "strict refusal rolled back " + dir);
        }
    }
}
