package io.github.cgroups4j.fs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.fs.LinuxProcFs;
import io.github.cgroups4j.fs.RealCgroups;
import io.github.cgroups4j.fs.v1.FsManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** [I] ownership on the real kernel: existence, all-or-nothing destroy, destroy(kill), cpuset parents. */
class OwnershipIT {
    private static final long MIB = 1L << 20;
    private ManagedCgroup cg;

    @AfterEach
    void cleanUp() throws Exception {
        if (cg != null) {
            cg.close();
        }
    }

    @Test
    void destroyWithATaskRemovesNothingThenDestroyKillEndsItAndRemovesAll() throws Exception {
        cg = new ManagedCgroup();
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(Resources.builder().memory(64 * MIB)
                .memorySwap(64 * MIB).build()));
        Process p = cg.start("sh -c 'sleep 300 & sleep 300 & wait'");
        cg.applyLimitsThenJoin(p);
        ManagedCgroup.release(p);
        for (int i = 0; i < 100 && m.allPids().size() < 4; i++) {
            Thread.sleep(20);
        }
        assertEquals(4, m.allPids().size(), "sh, sh, sleep, sleep: " + m.allPids());
        CgroupException e = assertThrows(CgroupException.class, m::destroy);
        assertTrue(e.is(Errno.EBUSY));
        assertTrue(e.getMessage().contains("in blkio, cgroup2, cpu, cpuacct, cpuset, devices, freezer, memory"),
                e.getMessage());
        assertEquals(List.of("cpuset", "devices", "memory", "cpu", "cpuacct", "pids", "blkio", "freezer",
                "name=systemd", "cgroup2"), m.existingIn(), "nothing was removed");
        m.destroy(true);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "SIGKILL");
        assertFalse(m.exists());
    }

    @Test
    void aCgroupInOneHierarchyExistsAndIsDestroyed() throws Exception {
        try (RealCgroups real = RealCgroups.require("memory", "devices")) {
            String mine = real.create("pids");
            FsManager m = FsManager.create(CgroupConfig.forPath("/" + real.name()).build(), real.fs(),
                    LinuxProcFs.system());
            assertTrue(m.exists(), "exists in pids only");
            assertEquals(List.of("pids"), m.existingIn());
            m.destroy();
            assertFalse(real.fs().exists(mine));
        }
    }

    @Test
    void anExistingEmptyCpusetParentIsFilledBeforeTheTaskJoins() throws Exception {
        try (RealCgroups real = RealCgroups.require("cpuset", "memory", "devices")) {
            String parent = real.create("cpuset"); // exists, cpus and mems empty
            assertEquals("", real.fs().read(parent, "cpuset.cpus").strip());
            FsManager m = FsManager.create(CgroupConfig.forPath("/" + real.name() + "/job")
                    .resources(Resources.builder().memory(64 * MIB).build()).build(), real.fs(),
                    LinuxProcFs.system());
            try {
                m.apply(CgroupManager.NO_PID);
                m.set(m.config().resources());
                Process sleep = real.startSleep();
                m.apply(sleep.pid());
                assertEquals(real.fs().read(real.mount("cpuset"), "cpuset.cpus"),
                        real.fs().read(parent, "cpuset.cpus"), "runc's cpusetEnsureParent fills existing levels");
                assertEquals(List.of(sleep.pid()), m.pids());
            } finally {
                m.destroy(true);
                // the apply created /<name> in every other hierarchy: it is the test's, removed the same way
                FsManager.create(CgroupConfig.forPath("/" + real.name()).build(), real.fs(), LinuxProcFs.system())
                        .destroy();
            }
        }
    }
}
