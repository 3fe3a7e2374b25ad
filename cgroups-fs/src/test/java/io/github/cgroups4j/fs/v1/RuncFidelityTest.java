package io.github.cgroups4j.fs.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.HugepageLimit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.spi.ProcFs;
import io.github.cgroups4j.stats.Stats;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import io.github.cgroups4j.testkit.Fault;
import io.github.cgroups4j.testkit.KernelProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** [I] runc fidelity of the v1 manager, each case against runc 1.1.5's {@code libcontainer/cgroups/fs}. */
class RuncFidelityTest {
    private static final String CG = "/sys/fs/cgroup";

    private static FsManager manager(FakeCgroupFs fs, CgroupConfig.Builder c) throws CgroupException {
        return FsManager.create(c.build(), fs, fs.procFs());
    }

    private static List<FakeOp> writes(FakeCgroupFs fs, String file) {
        return fs.operations().stream().filter(o -> o.kind() == FakeOp.Kind.WRITE && file.equals(o.file())).toList();
    }

    // ---------------------------------------------------------------- kmem: the patch itself

    @Test
    void theRuntimeFlowKeepsTheKmemLimitOnA44Kernel() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(KernelProfile.xenial()).build();
        Resources r = Resources.builder().memory(256L << 20).kernelMemory(64L << 20).build();
        FsManager m = manager(fs, CgroupConfig.forPath("/ctr").kmemPolicy(KmemPolicy.GATED).resources(r));
        m.apply(CgroupManager.NO_PID); // cgctl run / the embedding example: create, set, then join
        m.set(r);
        long pid = fs.spawn();
        m.apply(pid);
        assertEquals("67108864\n", fs.read(CG + "/memory/ctr", "memory.kmem.limit_in_bytes"));
        assertEquals(List.of("1", "-1", "67108864"), writes(fs, "memory.kmem.limit_in_bytes").stream()
                .map(FakeOp::value).toList(), "accounting enabled once, on creation; never reset by apply");
        assertTrue(m.kmemReport().orElseThrow().accountingEnabled());
        assertFalse(m.kmemReport().orElseThrow().ignoredByKernel());
    }

    @Test
    void applyingIntoACgroupWithKernelMemoryUsageDoesNotFail() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(KernelProfile.xenial()).build();
        Resources r = Resources.builder().kernelMemory(64L << 20).build();
        manager(fs, CgroupConfig.forPath("/ctr").resources(r)).apply(fs.spawn()); // in use, kmem active
        FsManager second = manager(fs, CgroupConfig.forPath("/ctr").resources(r));
        second.apply(fs.spawn()); // joins the busy cgroup: writing "1" now would be EBUSY and roll back
        assertEquals(2, second.pids().size());
    }

    @Test
    void theKmemReadBackUsesTheRealPageSize() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(KernelProfile.xenial().withPageSize(65536)).build();
        Resources r = Resources.builder().kernelMemory((64L << 20) + 4096).build();
        FsManager m = manager(fs, CgroupConfig.forPath("/ctr").resources(r));
        m.apply(CgroupManager.NO_PID);
        m.set(r);
        assertEquals((64L << 20) + "\n", fs.read(CG + "/memory/ctr", "memory.kmem.limit_in_bytes"),
                "the kernel rounds down to its 64 KiB pages");
        assertFalse(m.kmemReport().orElseThrow().ignoredByKernel(), "rounding to a page is not ignoring");
    }

    // ---------------------------------------------------------------- devices

    @Test
    void aMissingDevicesHierarchyIsAnErrorUnlessDevicesAreSkipped() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().mountOnly("memory").build();
        CgroupException e = assertThrows(CgroupException.class, () -> manager(fs, CgroupConfig.forPath("/a")));
        assertTrue(e.getMessage().contains("no devices hierarchy"), e.getMessage());
        FsManager m = manager(fs, CgroupConfig.forPath("/a").resources(Resources.builder().skipDevices(true).build()));
        m.apply(fs.spawn());
        assertTrue(fs.exists(CG + "/memory/a"));
    }

    @Test
    void skipDevicesNeitherCreatesNorJoinsTheDevicesCgroup() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, CgroupConfig.forPath("/pod").resources(Resources.builder().skipDevices(true)
                .device(DeviceRule.deny('a', DeviceRule.WILDCARD, DeviceRule.WILDCARD, "rwm")).build()));
        long pid = fs.spawn();
        m.apply(pid);
        m.set(m.config().resources());
        assertFalse(fs.exists(CG + "/devices/pod"));
        assertEquals(CG + "/devices", fs.cgroupOf(pid, "devices"));
        assertEquals(null, m.path(Controller.DEVICES));
    }

    @Test
    void devicesSetToAnEmptyListDenyEverythingWhileNotSetLeavesThemAlone() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, CgroupConfig.forPath("/d"));
        m.apply(CgroupManager.NO_PID);
        fs.clearOperations();
        m.set(Resources.builder().memory(1L << 30).build());
        assertTrue(writes(fs, "devices.deny").isEmpty() && writes(fs, "devices.allow").isEmpty(), "not set");
        assertEquals("a *:* rwm\n", fs.read(CG + "/devices/d", "devices.list"));
        m.set(Resources.builder().devices(List.of()).build());
        assertEquals("", fs.read(CG + "/devices/d", "devices.list"), "an empty list: deny-all, as runc's emulator");
    }

    @Test
    void insideAUserNamespaceDevicesAreLeftAlone() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().userNamespace(true).build();
        FsManager m = manager(fs, CgroupConfig.forPath("/u"));
        m.apply(CgroupManager.NO_PID);
        fs.clearOperations();
        m.set(Resources.builder().devices(List.of()).build());
        assertTrue(writes(fs, "devices.deny").isEmpty(), "runc: no device rules from inside a user namespace");
    }

    // ---------------------------------------------------------------- limits for what is not there

    @Test
    void aLimitForAControllerThatIsNotMountedIsAnError() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().mountOnly("memory", "devices").build();
        FsManager m = manager(fs, CgroupConfig.forPath("/a"));
        m.apply(CgroupManager.NO_PID);
        m.set(Resources.builder().memory(1L << 30).build()); // nothing for the missing ones: fine
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.set(Resources.builder().pidsLimit(100).build()));
        assertEquals("set /a: cannot set pids limit: no pids hierarchy is mounted", e.getMessage());
        FsManager h = manager(FakeCgroupFs.modernHybrid(), CgroupConfig.forPath("/b"));
        e = assertThrows(CgroupException.class, () -> h.set(Resources.builder()
                .hugetlbLimit(new HugepageLimit("2MB", 1L << 30)).build()));
        assertTrue(e.getMessage().contains("cannot set hugetlb limit: no hugetlb hierarchy"), e.getMessage());
    }

    // ---------------------------------------------------------------- rootless and joined-only hierarchies

    @Test
    void rootlessToleratesPermissionErrorsOnCreationWithoutAnExplicitPath() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.inject(Fault.on(FakeOp.Kind.MKDIR, CG + "/cpu/**").errno(Errno.EACCES).always());
        FsManager m = manager(fs, CgroupConfig.forName("/", "rootless").rootless(true));
        m.apply(fs.spawn());
        assertEquals(null, m.path(Controller.CPU), "dropped, as runc deletes it from its paths");
        m.set(Resources.builder().memory(1L << 30).build());
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.set(Resources.builder().cpuShares(512).build()));
        assertTrue(e.getMessage().contains("cannot set cpu limit: the container could not join or create its cpu"),
                e.getMessage());
        FsManager explicit = manager(fs, CgroupConfig.forPath("/explicit").rootless(true));
        assertThrows(CgroupException.class, () -> explicit.apply(fs.spawn()), "an explicit path must work");
        assertFalse(explicit.exists(), "rolled back");
    }

    @Test
    void rootlessIgnoresDevicesErrors() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, CgroupConfig.forPath("/r").rootless(true));
        m.apply(CgroupManager.NO_PID);
        fs.inject(Fault.on(FakeOp.Kind.WRITE, CG + "/devices/r/devices.deny").errno(Errno.EPERM).always());
        m.set(Resources.builder().devices(List.of()).memory(1L << 30).build());
        assertEquals(String.valueOf(1L << 30) + "\n", fs.read(CG + "/memory/r", "memory.limit_in_bytes"));
    }

    @Test
    void aReadOnlySystemdHierarchyDoesNotFailTheApply() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.inject(Fault.on(FakeOp.Kind.MKDIR, CG + "/systemd/**").errno(Errno.EROFS).always());
        fs.inject(Fault.on(FakeOp.Kind.WRITE, CG + "/unified/**").errno(Errno.EACCES).always());
        long pid = fs.spawn();
        FsManager m = manager(fs, CgroupConfig.forPath("/ro"));
        m.apply(pid);
        assertEquals(CG + "/memory/ro", fs.cgroupOf(pid, "memory"));
        assertEquals(CG + "/systemd", fs.cgroupOf(pid, "name=systemd"), "joining failed and was ignored, as runc");
    }

    @Test
    void onlyTheCgroup2AtRootUnifiedIsJoinedAndMiscIsNot() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        ProcFs proc = mock(ProcFs.class, Mockito.CALLS_REAL_METHODS);
        String v1 = "30 25 0:30 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
                + "31 25 0:31 / /sys/fs/cgroup/devices rw - cgroup cgroup rw,devices\n"
                + "32 25 0:32 / /sys/fs/cgroup/misc rw - cgroup cgroup rw,misc\n";
        when(proc.kernelRelease()).thenReturn("6.1.0\n");
        when(proc.mountInfo()).thenReturn(v1 + "40 21 0:40 / /run/cilium/cgroupv2 rw - cgroup2 none rw\n");
        FsManager cilium = FsManager.create(CgroupConfig.forPath("/a").build(), fs, proc);
        assertEquals(Set.of("memory", "devices"), cilium.paths().keySet(), "no misc, and Cilium's cgroup2 is not ours");
        when(proc.mountInfo()).thenReturn(v1 + "41 25 0:41 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n");
        FsManager hybrid = FsManager.create(CgroupConfig.forPath("/a").build(), fs, proc);
        assertEquals("/sys/fs/cgroup/unified/a", hybrid.paths().get(""));
    }

    // ---------------------------------------------------------------- cpuset

    @Test
    void cpusetFillsEveryEmptyLevelExistingParentsIncluded() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.mkdir(CG + "/cpuset/made-by-someone"); // exists, empty cpus and mems
        long pid = fs.spawn();
        manager(fs, CgroupConfig.forPath("/made-by-someone/job")).apply(pid);
        assertEquals("0-1\n", fs.read(CG + "/cpuset/made-by-someone", "cpuset.cpus"));
        assertEquals("0\n", fs.read(CG + "/cpuset/made-by-someone", "cpuset.mems"));
        assertEquals(CG + "/cpuset/made-by-someone/job", fs.cgroupOf(pid, "cpuset"));
    }

    @Test
    void theCpusetWalkReadsALevelAboveOnlyWhenALevelNeedsIt() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.mkdir(CG + "/cpuset/populated");
        fs.write(CG + "/cpuset/populated", "cpuset.cpus", "1");
        fs.write(CG + "/cpuset/populated", "cpuset.mems", "0");
        fs.clearOperations();
        long pid = fs.spawn();
        manager(fs, CgroupConfig.forPath("/populated/job").resources(Resources.builder().cpusetCpus("1").build()))
                .apply(pid);
        List<String> reads = fs.operations().stream()
                .filter(o -> o.kind() == io.github.cgroups4j.testkit.FakeOp.Kind.READ
                        && o.dir().startsWith(CG + "/cpuset") && o.file().startsWith("cpuset."))
                .map(o -> o.dir() + "/" + o.file()).toList();
        assertEquals(List.of(CG + "/cpuset/populated/cpuset.cpus", CG + "/cpuset/populated/cpuset.mems"), reads,
                "not the root's (the parent is populated), not the new cgroup's (created empty, then written)");
        assertEquals("1\n", fs.read(CG + "/cpuset/populated/job", "cpuset.cpus"), "the requested value");
        assertEquals("0\n", fs.read(CG + "/cpuset/populated/job", "cpuset.mems"), "the parent's");
        assertEquals(CG + "/cpuset/populated/job", fs.cgroupOf(pid, "cpuset"));
    }

    @Test
    void aCpusetOutsideTheParentsIsRefusedWithTheKernelsErrno() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.mkdir(CG + "/cpuset/narrow");
        fs.write(CG + "/cpuset/narrow", "cpuset.mems", "0");
        fs.write(CG + "/cpuset/narrow", "cpuset.cpus", "0");
        FsManager m = manager(fs, CgroupConfig.forPath("/narrow/job")
                .resources(Resources.builder().cpusetCpus("1").build()));
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(fs.spawn()));
        assertTrue(e.is(Errno.EACCES), "v1 validate_change: EACCES, not EINVAL: " + e.getMessage());
        assertFalse(fs.exists(CG + "/cpuset/narrow/job"));
        assertTrue(fs.exists(CG + "/cpuset/narrow"), "not this apply's");
    }

    // ---------------------------------------------------------------- zero means not set, idle, freeze

    @Test
    void zeroAndEmptyWriteNothingWhereRuncSaysNotSet() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, CgroupConfig.forPath("/z"));
        m.apply(CgroupManager.NO_PID);
        fs.clearOperations();
        m.set(Resources.builder().pidsLimit(0).cpuRtRuntime(0).cpusetCpus("").cpusetMems("").build());
        m.freeze(FreezerState.UNDEFINED);
        assertTrue(fs.operations().stream().noneMatch(o -> o.kind() == FakeOp.Kind.WRITE), fs.operations().toString());
        assertEquals("max\n", fs.read(CG + "/pids/z", "pids.max"));
    }

    @Test
    void cpuIdleOnAKernelWithoutItSaysSo() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.centos7();
        FsManager m = manager(fs, CgroupConfig.forPath("/i"));
        m.apply(CgroupManager.NO_PID);
        m.set(Resources.builder().cpuShares(512).build()); // no cpu.idle written when not set
        CgroupException e = assertThrows(CgroupException.class, () -> m.set(Resources.builder().cpuIdle(1).build()));
        assertTrue(e.is(Errno.ENOENT));
        assertTrue(e.getMessage().contains("cpu.idle is not supported by kernel 3.10.0-514.10.2.el7.x86_64"),
                e.getMessage());
    }

    // ---------------------------------------------------------------- statistics

    @Test
    void statsToleratesWhatRuncTolerates() throws CgroupException {
        FakeCgroupFs fake = FakeCgroupFs.builder().layout(FakeCgroupFs.Layout.LEGACY)
                .profile(KernelProfile.centos7().withHugePageSizes(List.of("2MB"))).build();
        HookedFs fs = new HookedFs(fake, (op, dir, file) -> {
            if ("cpuset.memory_pressure".equals(file) || "cpuset.sched_relax_domain_level".equals(file)) {
                throw new CgroupException(CgroupException.Operation.READ, dir, file, null, Errno.ENOENT.number(),
                        null, null);
            }
        });
        FsManager m = FsManager.create(CgroupConfig.forPath("/s").build(), fs, fake.procFs());
        m.apply(CgroupManager.NO_PID);
        fake.setStatistic(CG + "/memory/s", "memory.numa_stat",
                "total=5 N0=5\nnuma_locality 0 0 0 0\nnuma_exectime 0\nfile=1 N0=1\n");
        Stats s = m.stats();
        assertEquals(5, s.memory().pageUsageByNuma().total().total());
        assertEquals(0, s.cpuset().memoryPressure(), "an optional file the kernel lacks reads 0");
        assertEquals(Set.of("2MB"), s.hugetlb().keySet(), "the kernel's huge page sizes, not a fixed list");
    }

    @Test
    void oneStatsOnAGoneCgroupDoesNotHideAnothersBlkio() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        manager(fs, CgroupConfig.forPath("/never-applied")).stats();
        FsManager m = manager(fs, CgroupConfig.forPath("/live"));
        m.apply(CgroupManager.NO_PID);
        fs.setStatistic(CG + "/blkio/live", "blkio.bfq.io_serviced_recursive", "8:0 Read 3\n8:0 Total 3\nTotal 3\n");
        assertFalse(m.stats().blkio().ioServicedRecursive().isEmpty(),
                "presence is decided from the hierarchy root, never from a cgroup that can vanish");
    }

    @Test
    void aRelativePathOnTheHybridCgroup2IsUnderItsRootAndAMissingOwnCgroupSkipsTheSubsystem() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().selfCgroup("/user.slice/s1").build();
        FsManager m = manager(fs, CgroupConfig.forPath("job"));
        assertEquals(CG + "/memory/user.slice/s1/job", m.path(Controller.MEMORY));
        assertEquals(CG + "/unified/job", m.paths().get(""), "runc: GetOwnCgroupPath(\"\") is the mount point");
        ProcFs proc = mock(ProcFs.class, Mockito.CALLS_REAL_METHODS);
        when(proc.kernelRelease()).thenReturn("6.1.0\n");
        when(proc.mountInfo()).thenReturn("30 25 0:30 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
                + "31 25 0:31 / /sys/fs/cgroup/devices rw - cgroup cgroup rw,devices\n"
                + "32 25 0:32 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n");
        when(proc.cgroup(ProcFs.SELF)).thenReturn("5:devices:/a\n4:memory:/a\n");
        FsManager noPids = FsManager.create(CgroupConfig.forPath("job").build(), fs, proc);
        assertEquals(Set.of("memory", "devices"), noPids.paths().keySet(), "no own pids cgroup: skipped, as runc");
    }
}
