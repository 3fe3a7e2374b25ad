package io.github.cgroups4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.kernel.KernelVersion;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.parse.ProcCgroup;
import io.github.cgroups4j.parse.ProcCgroups;
import org.junit.jupiter.api.Test;

class KernelProfileTest {
    private static final String MEM = "/sys/fs/cgroup/memory";

    private static FakeCgroupFs centos7(int cap) {
        return FakeCgroupFs.builder().profile(KernelProfile.centos7().withMemoryIdCap(cap))
                .layout(FakeCgroupFs.Layout.LEGACY).build();
    }

    @Test
    void centos7ActivatesKmemOnTheFirstLimitedWriteOnly() throws CgroupException {
        FakeCgroupFs fs = centos7(100);
        fs.mkdir(MEM + "/a");
        fs.write(MEM + "/a", "memory.kmem.limit_in_bytes", "-1");
        assertFalse(fs.kmemActive(MEM + "/a"), "an unlimited first write does not activate (3.10)");
        fs.write(MEM + "/a", "memory.kmem.limit_in_bytes", "1");
        fs.write(MEM + "/a", "memory.kmem.limit_in_bytes", "-1");
        assertTrue(fs.kmemActive(MEM + "/a"), "runc's 1 then -1");
        assertEquals("9223372036854771712\n", fs.read(MEM + "/a", "memory.kmem.limit_in_bytes"));
        assertTrue(fs.read(MEM + "/a", "memory.kmem.slabinfo").startsWith("slabinfo"));
    }

    @Test
    void centos7FirstKmemWriteIsBusyOnceTheCgroupHasTasksOrChildren() throws CgroupException {
        FakeCgroupFs fs = centos7(100);
        fs.mkdir(MEM + "/a");
        fs.mkdir(MEM + "/a/child");
        CgroupException e = assertThrows(CgroupException.class,
                () -> fs.write(MEM + "/a", "memory.kmem.limit_in_bytes", "1"));
        assertTrue(e.is(Errno.EBUSY), e.getMessage());
        assertEquals("write \"1\" to memory.kmem.limit_in_bytes of /a: EBUSY (Device or resource busy)", e.getMessage());
        fs.mkdir(MEM + "/b");
        long pid = fs.spawn();
        fs.write(MEM + "/b", "cgroup.procs", Long.toString(pid));
        assertTrue(assertThrows(CgroupException.class,
                () -> fs.write(MEM + "/b", "memory.kmem.limit_in_bytes", "1")).is(Errno.EBUSY));
        assertFalse(fs.kmemActive(MEM + "/b"));
    }

    @Test
    void centos7SlabinfoIsEioWhileInactive() throws CgroupException {
        FakeCgroupFs fs = centos7(100);
        fs.mkdir(MEM + "/a");
        assertTrue(assertThrows(CgroupException.class, () -> fs.read(MEM + "/a", "memory.kmem.slabinfo")).is(Errno.EIO));
    }

    @Test
    void centos7ChildrenOfAnAccountedParentAreAccountedWithUseHierarchy() throws CgroupException {
        FakeCgroupFs fs = centos7(100);
        fs.mkdir(MEM + "/kubepods");
        fs.write(MEM + "/kubepods", "memory.kmem.limit_in_bytes", "1");
        fs.mkdir(MEM + "/kubepods/pod1");
        fs.mkdir(MEM + "/kubepods/pod1/c1");
        assertTrue(fs.kmemActive(MEM + "/kubepods/pod1/c1"));
        FakeCgroupFs flat = FakeCgroupFs.builder()
                .profile(KernelProfile.centos7().withMemoryIdCap(100).withMemoryUseHierarchy(false))
                .layout(FakeCgroupFs.Layout.LEGACY).build();
        flat.mkdir(MEM + "/kubepods");
        flat.write(MEM + "/kubepods", "memory.kmem.limit_in_bytes", "1");
        flat.mkdir(MEM + "/kubepods/pod1");
        assertFalse(flat.kmemActive(MEM + "/kubepods/pod1"), "no inheritance without use_hierarchy");
    }

    @Test
    void centos7NeverFreesTheIdOfAnAccountedCgroup() throws CgroupException {
        FakeCgroupFs fs = centos7(10);
        assertEquals(1, fs.memoryIdsInUse(), "the root");
        fs.mkdir(MEM + "/plain");
        fs.mkdir(MEM + "/accounted");
        fs.write(MEM + "/accounted", "memory.kmem.limit_in_bytes", "1");
        assertEquals(3, fs.memoryIdsInUse());
        fs.rmdir(MEM + "/plain");
        fs.rmdir(MEM + "/accounted");
        assertEquals(1, fs.liveMemoryCgroups());
        assertEquals(2, fs.memoryIdsInUse(), "the accounted one's ID stays taken");
        ProcCgroups pc = ProcCgroups.parse(fs.procFs().cgroups());
        assertEquals(1, pc.row("memory").orElseThrow().numCgroups(), "/proc/cgroups counts live cgroups only");
        for (int i = 0; i < 8; i++) {
            fs.mkdir(MEM + "/t" + i);
        }
        CgroupException e = assertThrows(CgroupException.class, () -> fs.mkdir(MEM + "/t8"));
        assertTrue(e.is(Errno.ENOSPC), e.getMessage());
        assertEquals("mkdir /sys/fs/cgroup/memory/t8: ENOSPC (No space left on device)", e.getMessage());
    }

    @Test
    void modernKernelsIgnoreKmemWritesAndRecycleIds() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(KernelProfile.modernV1().withMemoryIdCap(5)).build();
        for (int round = 0; round < 20; round++) {
            fs.mkdir(MEM + "/a");
            fs.write(MEM + "/a", "memory.kmem.limit_in_bytes", "1");
            assertEquals("9223372036854771712\n", fs.read(MEM + "/a", "memory.kmem.limit_in_bytes"), "ignored");
            fs.rmdir(MEM + "/a");
        }
        assertEquals(1, fs.memoryIdsInUse());
    }

    @Test
    void procFsIsConsistentWithTheMounts() throws CgroupException {
        for (FakeCgroupFs.Layout l : FakeCgroupFs.Layout.values()) {
            FakeCgroupFs fs = FakeCgroupFs.builder().layout(l).selfCgroup("/user.slice").build();
            MountInfo mi = MountInfo.parse(fs.procFs().mountInfo());
            CgroupMode expected = switch (l) {
                case HYBRID, CLASSIC_HYBRID -> CgroupMode.HYBRID;
                case LEGACY -> CgroupMode.LEGACY;
                case UNIFIED -> CgroupMode.UNIFIED;
            };
            assertEquals(expected, mi.mode("/sys/fs/cgroup").orElseThrow(), l.name());
            ProcCgroup self = ProcCgroup.parse(fs.procFs().cgroup(0));
            if (l == FakeCgroupFs.Layout.UNIFIED) {
                assertEquals("/user.slice", self.unifiedPath().orElseThrow());
            } else {
                assertEquals("/user.slice", self.v1Path("memory").orElseThrow());
                assertEquals("/user.slice", self.v1Path("cpuacct").orElseThrow());
                assertEquals(mi.v1Mount("cpu").orElseThrow().mountPoint().endsWith("cpu,cpuacct"),
                        l != FakeCgroupFs.Layout.HYBRID);
                assertTrue(fs.exists(mi.v1Mount("memory").orElseThrow().mountPoint() + "/user.slice"));
            }
            ProcCgroups.parse(fs.procFs().cgroups());
            KernelVersion.parse(fs.procFs().kernelRelease());
        }
    }
}
