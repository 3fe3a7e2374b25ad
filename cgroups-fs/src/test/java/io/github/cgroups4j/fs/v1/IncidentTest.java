package io.github.cgroups4j.fs.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.parse.ProcCgroups;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import io.github.cgroups4j.testkit.KernelProfile;
import org.junit.jupiter.api.Test;

/**
 * The incident through the real v1 manager on the testkit's fake CentOS 7 kernel (memory cgroup IDs capped at the
 * real 65535), kubelet-like: {@code kubepods} is created by the manager with the node-allocatable memory limit;
 * {@code kubepods/burstable} below it; per pod, a pod cgroup and two container cgroups (pause and app) without
 * memory settings (burstable pods), created and destroyed. Only the memory hierarchy is mounted, to keep 100,000
 * pods fast; the manager skips the others as it would on any host.
 */
class IncidentTest {
    private static final String MEM = "/sys/fs/cgroup/memory";
    private static final long NODE_ALLOCATABLE = 30L << 30;

    private static FakeCgroupFs centos7() {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(KernelProfile.centos7()).layout(FakeCgroupFs.Layout.LEGACY)
                .mountOnly("memory").build();
        fs.recordOperations(false);
        return fs;
    }

    private static FsManager manager(FakeCgroupFs fs, String path, KmemPolicy policy, Resources r)
            throws CgroupException {
        // kubelet's node-level cgroups skip devices (and these fakes mount only memory, for speed)
        return FsManager.create(CgroupConfig.forPath(path).kmemPolicy(policy)
                .resources(r.toBuilder().skipDevices(true).build()).build(), fs, fs.procFs());
    }

    /** kubelet starting: kubepods with node allocatable, and the burstable QoS cgroup (no memory settings). */
    private static void startKubelet(FakeCgroupFs fs, KmemPolicy policy) throws CgroupException {
        FsManager kubepods = manager(fs, "/kubepods", policy, Resources.builder().memory(NODE_ALLOCATABLE).build());
        kubepods.apply(CgroupManager.NO_PID);
        kubepods.set(kubepods.config().resources());
        manager(fs, "/kubepods/burstable", policy, Resources.builder().cpuShares(2).build()).apply(CgroupManager.NO_PID);
    }

    /** One burstable pod's life: pod cgroup, pause and app containers, then all removed. */
    private static void runPod(FakeCgroupFs fs, KmemPolicy policy, int n) throws CgroupException {
        String pod = "/kubepods/burstable/pod" + n;
        FsManager p = manager(fs, pod, policy, Resources.empty());
        FsManager pause = manager(fs, pod + "/pause", policy, Resources.empty());
        FsManager app = manager(fs, pod + "/app", policy, Resources.empty());
        p.apply(CgroupManager.NO_PID);
        pause.apply(CgroupManager.NO_PID);
        app.apply(CgroupManager.NO_PID);
        app.destroy();
        pause.destroy();
        p.destroy();
    }

    private static long numCgroups(FakeCgroupFs fs) throws CgroupException {
        return ProcCgroups.parse(fs.procFs().cgroups()).row("memory").orElseThrow().numCgroups();
    }

    @Test
    void legacyLeaksThreeIdsPerPodUntilMkdirFailsWithEnospc() throws CgroupException {
        FakeCgroupFs fs = centos7();
        startKubelet(fs, KmemPolicy.LEGACY_ALWAYS);
        assertTrue(fs.kmemActive(MEM + "/kubepods"), "the legacy manager created kubepods with a memory limit");
        assertTrue(fs.kmemActive(MEM + "/kubepods/burstable"), "inherited through use_hierarchy");
        int baseline = fs.memoryIdsInUse(); // the root, kubepods, burstable
        assertEquals(3, baseline);
        // every pod leaves its 3 accounted memcgs' IDs behind; a pod needs 3 free IDs to start, so
        // floor((65535 - baseline) / 3) pods run, and the next pod's mkdir fails with ENOSPC
        int expectedPods = (65535 - baseline) / 3;
        int pods = 0;
        try {
            while (pods < 30_000) {
                runPod(fs, KmemPolicy.LEGACY_ALWAYS, pods);
                pods++;
            }
            fail("no ENOSPC after " + pods + " pods");
        } catch (CgroupException e) {
            assertTrue(e.is(Errno.ENOSPC), e.getMessage());
            assertEquals(CgroupException.Operation.MKDIR, e.operation());
            assertTrue(e.getMessage().contains("/kubepods/burstable/pod" + pods), e.getMessage());
        }
        assertEquals(expectedPods, pods);
        assertEquals(21844, pods);
        assertEquals(65535, fs.memoryIdsInUse(), "every ID taken");
        assertEquals(baseline, numCgroups(fs), "while /proc/cgroups shows only the 3 live cgroups");
        assertFalse(fs.exists(MEM + "/kubepods/burstable/pod" + pods), "the failed apply left nothing behind");
    }

    @Test
    void gatedChurnsOneHundredThousandPodsWithTheIdCountBackAtBaseline() throws CgroupException {
        FakeCgroupFs fs = centos7();
        startKubelet(fs, KmemPolicy.GATED);
        int baseline = fs.memoryIdsInUse();
        for (int n = 0; n < 100_000; n++) {
            runPod(fs, KmemPolicy.GATED, n);
        }
        assertEquals(baseline, fs.memoryIdsInUse());
        assertEquals(baseline, numCgroups(fs));
        assertFalse(fs.kmemActive(MEM + "/kubepods"));
    }

    @Test
    void anUpgradedNodeDoesNotLeakButARebootedOneDoes() throws CgroupException {
        // upgraded in place: kubepods (and burstable) were created by the older kubelet, without kmem accounting
        FakeCgroupFs upgraded = centos7();
        upgraded.mkdir(MEM + "/kubepods");
        upgraded.mkdir(MEM + "/kubepods/burstable");
        startKubelet(upgraded, KmemPolicy.LEGACY_ALWAYS); // the new kubelet only joins them
        assertFalse(upgraded.kmemActive(MEM + "/kubepods"), "a cgroup the legacy manager only joins is left alone");
        int before = upgraded.memoryIdsInUse();
        for (int n = 0; n < 1000; n++) {
            runPod(upgraded, KmemPolicy.LEGACY_ALWAYS, n);
        }
        assertEquals(before, upgraded.memoryIdsInUse(), "pods inherit the unaccounted state: no leak");

        // after a reboot the same kubelet creates kubepods itself, accounted, and every pod below leaks
        FakeCgroupFs rebooted = centos7();
        startKubelet(rebooted, KmemPolicy.LEGACY_ALWAYS);
        int baseline = rebooted.memoryIdsInUse();
        for (int n = 0; n < 1000; n++) {
            runPod(rebooted, KmemPolicy.LEGACY_ALWAYS, n);
        }
        assertEquals(baseline + 3 * 1000, rebooted.memoryIdsInUse());
        assertEquals(baseline, numCgroups(rebooted));
    }

    @Test
    void dockerRunKernelMemoryIsRefusedOnCentos7AndAppliedFrom43() throws CgroupException {
        Resources r = Resources.builder().memory(256L << 20).kernelMemory(64L << 20).build();
        FakeCgroupFs centos = FakeCgroupFs.centos7();
        FsManager c = manager(centos, "/docker/abc", KmemPolicy.GATED, r);
        c.apply(centos.spawn());
        c.set(r);
        assertFalse(centos.kmemActive(MEM + "/docker/abc"));
        assertTrue(centos.operations().stream().noneMatch(o -> "memory.kmem.limit_in_bytes".equals(o.file())));
        KmemReport refused = c.kmemReport().orElseThrow();
        assertTrue(refused.decision().refused() && refused.decision().warn(), refused.toString());
        assertTrue(refused.decision().reason().contains("3.10.0-514.10.2.el7.x86_64"), refused.toString());

        FakeCgroupFs xenial = FakeCgroupFs.builder().profile(KernelProfile.xenial()).layout(FakeCgroupFs.Layout.LEGACY)
                .build();
        FsManager x = manager(xenial, "/docker/abc", KmemPolicy.GATED, r);
        x.apply(xenial.spawn());
        x.set(r);
        assertTrue(xenial.kmemActive(MEM + "/docker/abc"), "enabled at creation, before the task joined");
        assertEquals(Long.toString(64L << 20) + "\n", xenial.read(MEM + "/docker/abc", "memory.kmem.limit_in_bytes"));
        KmemReport applied = x.kmemReport().orElseThrow();
        assertTrue(applied.accountingEnabled() && applied.limitWritten() && !applied.ignoredByKernel(),
                applied.toString());
        java.util.List<String> memWrites = xenial.operations().stream()
                .filter(o -> o.kind() == FakeOp.Kind.WRITE && o.dir().equals(MEM + "/docker/abc"))
                .map(o -> o.file() + "=" + o.value()).toList();
        assertEquals(java.util.List.of("memory.kmem.limit_in_bytes=1", "memory.kmem.limit_in_bytes=-1"),
                memWrites.subList(0, 2), "accounting enabled first: " + memWrites);
        assertTrue(memWrites.get(2).startsWith("cgroup.procs="), "then the task joins: " + memWrites);
        assertTrue(memWrites.contains("memory.kmem.limit_in_bytes=" + (64L << 20)), "and set writes the limit");
    }
}
