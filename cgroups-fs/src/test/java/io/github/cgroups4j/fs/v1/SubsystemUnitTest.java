package io.github.cgroups4j.fs.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.RdmaLimit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;
import io.github.cgroups4j.stats.RdmaEntry;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Behaviours the fake does not produce: transient FREEZING, RDMA devices, mount roots that are not "/". */
class SubsystemUnitTest {
    private final CgroupFs fs = mock(CgroupFs.class);
    private final V1Context ctx = new V1Context(fs, CgroupConfig.forPath("/a").build(), "6.1.0",
            Map.of("freezer", "/cg/freezer", "rdma", "/cg/rdma"));

    @Test
    void freezeRetriesWhileTheKernelSaysFreezing() throws CgroupException {
        when(fs.read("/cg/freezer/a", "freezer.state")).thenReturn("FREEZING\n", "FREEZING\n", "FROZEN\n");
        new FreezerGroup().set(ctx, "/cg/freezer/a", Resources.builder().freezer(FreezerState.FROZEN).build());
        verify(fs, times(3)).write("/cg/freezer/a", "freezer.state", "FROZEN");
        verify(fs, times(0)).write("/cg/freezer/a", "freezer.state", "THAWED");
    }

    @Test
    void aCgroupFrozenThroughItsParentReadsThawed() throws CgroupException {
        when(fs.read("/cg/freezer/a", "freezer.state")).thenReturn("FREEZING\n", "FROZEN\n");
        when(fs.read("/cg/freezer/a", "freezer.self_freezing")).thenReturn("0\n");
        assertEquals(FreezerState.THAWED, FreezerGroup.state(ctx, "/cg/freezer/a"));
    }

    @Test
    void aFreezeStuckInFreezingIsThawedBack() throws CgroupException {
        when(fs.read(anyString(), eq("freezer.state"))).thenReturn("FREEZING\n");
        org.junit.jupiter.api.Assertions.assertThrows(CgroupException.class, () -> new FreezerGroup()
                .set(ctx, "/cg/freezer/a", Resources.builder().freezer(FreezerState.FROZEN).build()));
        org.mockito.ArgumentCaptor<String> values = org.mockito.ArgumentCaptor.forClass(String.class);
        verify(fs, times(1021)).write(eq("/cg/freezer/a"), eq("freezer.state"), values.capture());
        List<String> all = values.getAllValues();
        assertEquals("THAWED", all.get(all.size() - 1), "a failed freeze ends thawed");
        assertEquals("THAWED", all.get(49), "the 50th attempt thaws first");
        verify(fs, times(1000)).write("/cg/freezer/a", "freezer.state", "FROZEN");
        verify(fs, times(21)).write("/cg/freezer/a", "freezer.state", "THAWED"); // 20 occasional + the final one
    }

    @Test
    void rdmaWritesOneLinePerDeviceAndReadsBoth() throws CgroupException {
        new RdmaGroup().set(ctx, "/cg/rdma/a", Resources.builder()
                .rdma("mlx5_0", new RdmaLimit(OptionalLong.of(3), OptionalLong.of(1000)))
                .rdma("mlx5_1", new RdmaLimit(OptionalLong.empty(), OptionalLong.of(10))).build());
        verify(fs).write("/cg/rdma/a", "rdma.max", "mlx5_0 hca_handle=3 hca_object=1000");
        verify(fs).write("/cg/rdma/a", "rdma.max", "mlx5_1 hca_object=10");
        when(fs.read("/cg/rdma/a", "rdma.max")).thenReturn("mlx5_0 hca_handle=3 hca_object=max\n");
        when(fs.read("/cg/rdma/a", "rdma.current")).thenReturn("mlx5_0 hca_handle=1 hca_object=7\n");
        V1Stats s = new V1Stats();
        new RdmaGroup().stats(ctx, "/cg/rdma/a", s);
        assertEquals(List.of(new RdmaEntry("mlx5_0", 3, 4294967295L)), s.rdma.rdmaLimit(),
                "max reads as MaxUint32, as runc");
        assertEquals(List.of(new RdmaEntry("mlx5_0", 1, 7)), s.rdma.rdmaCurrent());
    }

    @Test
    void relativePathsUnderAMountRootThatIsNotSlash() throws CgroupException {
        ProcFs proc = mock(ProcFs.class, org.mockito.Mockito.CALLS_REAL_METHODS);
        when(proc.mountInfo()).thenReturn(
                "638 637 0:26 /docker/4d8b /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n"
                        + "639 637 0:29 /docker/4d8b /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
                        + "640 637 0:31 /docker/4d8b /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
                        + "641 637 0:32 /docker/4d8b /sys/fs/cgroup/devices rw - cgroup cgroup rw,devices\n");
        when(proc.cgroup(ProcFs.SELF)).thenReturn(
                "5:devices:/docker/4d8b\n4:memory:/docker/4d8b/init.scope\n2:cpu,cpuacct:/docker/4d8b\n1:name=systemd:/docker/4d8b\n");
        when(proc.kernelRelease()).thenReturn("5.15.0-1034-azure\n");
        FsManager m = FsManager.create(CgroupConfig.forPath("job").build(), fs, proc);
        assertEquals("/sys/fs/cgroup/memory/init.scope/job", m.path(Controller.MEMORY));
        assertEquals("/sys/fs/cgroup/cpu,cpuacct/job", m.path(Controller.CPU));
        assertEquals("/sys/fs/cgroup/systemd/job", m.paths().get("name=systemd"));
        FsManager abs = FsManager.create(CgroupConfig.forPath("/job").build(), fs, proc);
        assertEquals("/sys/fs/cgroup/memory/job", abs.path(Controller.MEMORY));
    }
}
