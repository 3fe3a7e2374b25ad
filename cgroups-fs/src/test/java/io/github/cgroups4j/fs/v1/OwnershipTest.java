package io.github.cgroups4j.fs.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import io.github.cgroups4j.testkit.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;

/** [I] ownership: existence, all-or-nothing destroy, destroy(kill), rollback and addPid that touch only their own. */
class OwnershipTest {
    private static final String CG = "/sys/fs/cgroup";

    private static FsManager manager(FakeCgroupFs fs, String path) throws CgroupException {
        return FsManager.create(CgroupConfig.forPath(path).build(), fs, fs.procFs());
    }

    @Test
    void aCgroupInOneHierarchyExistsAndItsTasksAreSeen() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        fs.mkdir(CG + "/memory/other");
        long pid = fs.spawn();
        fs.write(CG + "/memory/other", "cgroup.procs", Long.toString(pid));
        FsManager m = manager(fs, "/other");
        assertTrue(m.exists(), "exists in memory only: it exists");
        assertEquals(List.of("memory"), m.existingIn());
        assertEquals(List.of(pid), m.pids(), "read from every hierarchy that has the cgroup, not devices alone");
        assertEquals(List.of(pid), m.allPids());
    }

    @Test
    void destroyWithATaskInOneHierarchyRemovesNothingAndTheCgroupStaysManageable() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/job");
        m.apply(CgroupManager.NO_PID);
        fs.mkdir(CG + "/pids/job/sub");
        long pid = fs.spawn();
        fs.write(CG + "/pids/job/sub", "cgroup.procs", Long.toString(pid)); // busy in pids only, below the cgroup
        fs.clearOperations();
        CgroupException e = assertThrows(CgroupException.class, m::destroy);
        assertTrue(e.is(Errno.EBUSY));
        assertTrue(e.getMessage().contains("pid " + pid + " in pids"), e.getMessage());
        assertTrue(fs.operations().stream().noneMatch(o -> o.kind() == FakeOp.Kind.RMDIR), "nothing removed");
        m.set(Resources.builder().memory(64L << 20).build());
        m.stats();
        assertEquals(List.of(pid), m.allPids());
        fs.exit(pid);
        m.destroy();
        assertFalse(m.exists());
    }

    @Test
    void destroyKillFreezesKillsThawsAndRemoves() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/crashed");
        long pid = fs.spawn();
        m.apply(pid);
        long child = fs.fork(pid).orElseThrow();
        m.addPid("", child);
        fs.clearOperations();
        m.destroy(true);
        assertFalse(fs.processes().contains(pid));
        assertFalse(fs.processes().contains(child));
        assertFalse(m.exists());
        List<String> freezer = fs.operations().stream()
                .filter(o -> o.kind() == FakeOp.Kind.WRITE && "freezer.state".equals(o.file()))
                .map(FakeOp::value).toList();
        assertEquals(List.of("FROZEN", "THAWED"), freezer, "frozen while killed, so no task forks away");
    }

    @Test
    void destroyKillNeverKillsATaskFoundOnlyInAJoinOnlyHierarchy() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/crashed");
        long pid = fs.spawn();
        m.apply(pid);
        // someone else's process in a name=systemd cgroup of the same name: not this manager's to kill
        long stranger = fs.spawn();
        fs.write(CG + "/systemd/crashed", "cgroup.procs", Long.toString(stranger));
        assertTrue(m.paths().containsKey("name=systemd"), m.paths().toString());
        assertTrue(fs.processes().contains(stranger), "before: " + fs.processes());
        CgroupException e = assertThrows(CgroupException.class, () -> m.destroy(true),
                () -> "alive: " + fs.processes() + " stranger " + stranger + " paths " + m.paths());
        assertTrue(e.is(Errno.EBUSY), e.getMessage());
        assertFalse(fs.processes().contains(pid), "the cgroup's own task is killed");
        assertTrue(fs.processes().contains(stranger), "the stranger lives: " + e.getMessage());
        fs.exit(stranger);
        m.destroy();
        assertFalse(m.exists());
    }

    @Test
    void destroyKillRefusesToKillTheCallingProcess() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/self");
        m.apply(fs.selfPid());
        CgroupException e = assertThrows(CgroupException.class, () -> m.destroy(true));
        assertTrue(e.getMessage().contains("will not kill itself"), e.getMessage());
        assertTrue(m.exists());
    }

    @Test
    void rollbackMovesTheProcessBackUnderAMountRootThatIsNotSlash() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().mountRoot("/docker/4d8b").build();
        long pid = fs.spawn();
        assertEquals(CG + "/memory", fs.cgroupOf(pid, "memory"), "the container's root, seen at the mount point");
        FsManager m = manager(fs, "/job");
        fs.inject(Fault.on(FakeOp.Kind.WRITE, CG + "/freezer/job/cgroup.procs").errno(Errno.EACCES));
        assertThrows(CgroupException.class, () -> m.apply(pid));
        for (String c : List.of("memory", "cpu", "pids", "devices")) {
            assertEquals(CG + "/" + c, fs.cgroupOf(pid, c), "moved back in " + c);
        }
        assertFalse(m.exists(), "nothing leaked: every directory the apply created is gone");
    }

    @Test
    void rollbackRemovesOnlyWhatItCreatedAndLeavesAChildSomeoneElseMade() throws CgroupException {
        FakeCgroupFs fake = FakeCgroupFs.modernHybrid();
        fake.mkdir(CG + "/pids/shared"); // exists before: not this apply's
        HookedFs fs = new HookedFs(fake, (op, dir, file) -> {
            if (op.equals("mkdir") && dir.equals(CG + "/freezer/shared/job")) {
                fake.mkdir(CG + "/memory/shared/theirs"); // another manager, meanwhile
                throw new CgroupException(CgroupException.Operation.MKDIR, dir, null, null, Errno.ENOSPC.number(),
                        null, null);
            }
        });
        FsManager m = FsManager.create(CgroupConfig.forPath("/shared/job").build(), fs, fake.procFs());
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(fake.spawn()));
        assertTrue(e.is(Errno.ENOSPC));
        assertTrue(fake.exists(CG + "/memory/shared/theirs"), "another manager's child survives");
        assertTrue(fake.exists(CG + "/memory/shared"), "its parent, created by this apply, stays");
        assertFalse(fake.exists(CG + "/memory/shared/job"));
        assertTrue(fake.exists(CG + "/pids/shared"), "an existing parent is not this apply's to remove");
        assertFalse(fake.exists(CG + "/pids/shared/job"));
        assertFalse(fake.exists(CG + "/cpu/shared"), "a parent this apply created, still empty, is removed");
    }

    @Test
    void addPidThatFailsPartWayMovesTheProcessBack() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/job");
        m.apply(CgroupManager.NO_PID);
        long pid = fs.spawn();
        fs.inject(Fault.on(FakeOp.Kind.WRITE, CG + "/pids/job/cgroup.procs").errno(Errno.EACCES));
        assertThrows(CgroupException.class, () -> m.addPid("", pid));
        for (String c : List.of("cpuset", "memory", "cpu", "pids", "freezer")) {
            assertEquals(CG + "/" + c, fs.cgroupOf(pid, c), "not split across hierarchies: " + c);
        }
        assertEquals(List.of(), m.pids());
    }

    @Test
    void addPidRefusesPathsThatLeaveTheCgroup() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        FsManager m = manager(fs, "/job");
        m.apply(CgroupManager.NO_PID);
        for (String bad : List.of("../x", "a/../../x", "/abs", "a\nb")) {
            assertThrows(CgroupException.class, () -> m.addPid(bad, fs.selfPid()), bad);
        }
        assertEquals(CG + "/memory/job", m.path(Controller.MEMORY));
    }
}
