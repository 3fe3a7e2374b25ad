package io.github.cgroups4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.kernel.KmemDecision;
import io.github.cgroups4j.kernel.KmemGate;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.kernel.KmemRequest;
import io.github.cgroups4j.parse.ProcCgroups;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The incident report's experiment, step by step, on a CentOS 7 fake with the real cap of 65535 memory cgroup IDs
 * (report section 2, "问题重现"). The pod's memory cgroups are created the way a kubelet's runtime creates them:
 * {@code kubepods} with a memory limit (node allocatable), then the pod and its two containers below it without
 * memory settings; each creation asks the kmem gate, and accounting is enabled when the gate says so, by writing
 * {@code 1} then {@code -1} to {@code memory.kmem.limit_in_bytes} before anything joins (what runc's
 * {@code MemoryGroup.Apply} did).
 */
class IncidentExperimentTest {
    private static final String MEM = "/sys/fs/cgroup/memory";
    private static final String RELEASE = "3.10.0-514.10.2.el7.x86_64";

    private static void create(FakeCgroupFs fs, KmemGate gate, String dir, Resources r) throws CgroupException {
        boolean created = fs.mkdir(dir);
        KmemDecision d = gate.decide(new KmemRequest(RELEASE, false, r.kernelMemory(), r.kernelMemoryTcp(),
                r.hasMemorySettings(), created));
        if (d.enableAccounting()) {
            fs.write(dir, "memory.kmem.limit_in_bytes", "1");
            fs.write(dir, "memory.kmem.limit_in_bytes", "-1");
        }
        if (r.memory().isPresent()) {
            fs.write(dir, "memory.limit_in_bytes", r.memory().get().toV1());
        }
    }

    private static long numCgroups(FakeCgroupFs fs) throws CgroupException {
        return ProcCgroups.parse(fs.procFs().cgroups()).row("memory").orElseThrow().numCgroups();
    }

    /** mkdir test-1..test-100, counting how many succeed before ENOSPC; then remove the ones made. */
    private static int mkdirHundred(FakeCgroupFs fs) throws CgroupException {
        int ok = 0;
        for (int i = 1; i <= 100; i++) {
            try {
                fs.mkdir(MEM + "/test/test-" + i);
                ok++;
            } catch (CgroupException e) {
                assertTrue(e.is(Errno.ENOSPC), e.getMessage());
            }
        }
        for (int i = 1; i <= ok; i++) {
            fs.rmdir(MEM + "/test/test-" + i);
        }
        return ok;
    }

    @ParameterizedTest
    @EnumSource(value = KmemPolicy.class, names = {"LEGACY_ALWAYS", "GATED"})
    void theReportsExperiment(KmemPolicy policy) throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.centos7();
        fs.recordOperations(false);
        KmemGate gate = KmemGate.of(policy);
        // kubelet 1.9 after a reboot: it creates kubepods itself, with the node-allocatable memory limit
        create(fs, gate, MEM + "/kubepods", Resources.builder().memory(8L << 30).build());
        assertEquals(policy == KmemPolicy.LEGACY_ALWAYS, fs.kmemActive(MEM + "/kubepods"));

        // 1) fill the memory hierarchy: mkdir test-1..test-N until ENOSPC
        fs.mkdir(MEM + "/test");
        int i = 0;
        while (true) {
            try {
                fs.mkdir(MEM + "/test/test-" + (++i));
            } catch (CgroupException e) {
                assertTrue(e.is(Errno.ENOSPC), e.getMessage());
                break;
            }
        }
        assertEquals(65535, numCgroups(fs), "cat /proc/cgroups | grep memory -> 65535");

        // 2) free 100, take one for "stress", so 99 can be created (the 100th is ENOSPC)
        for (int j = 1; j <= 100; j++) {
            fs.rmdir(MEM + "/test/test-" + j);
        }
        fs.mkdir(MEM + "/stress");
        assertEquals(99, mkdirHundred(fs));
        assertEquals(65436, numCgroups(fs));

        // 3) a pod takes 3 memory cgroups: the pod and two containers (pause + app), no memory settings
        String pod = MEM + "/kubepods/pod0f6c3c27";
        for (String dir : List.of(pod, pod + "/6d1af989", pod + "/8a65cb23")) {
            create(fs, gate, dir, Resources.empty());
        }
        assertEquals(65439, numCgroups(fs));
        assertEquals(96, mkdirHundred(fs), "test-97..test-100 fail while the pod lives");

        // 4) delete the pod: /proc/cgroups drops back, but are the IDs free?
        fs.rmdir(pod + "/6d1af989");
        fs.rmdir(pod + "/8a65cb23");
        fs.rmdir(pod);
        assertEquals(65436, numCgroups(fs), "/proc/cgroups shows the 3 cgroups gone");
        int creatable = mkdirHundred(fs);
        if (policy == KmemPolicy.LEGACY_ALWAYS) {
            assertEquals(96, creatable, "the pod's 3 IDs were never freed: still only 96");
            assertEquals(65439, fs.memoryIdsInUse());
        } else {
            assertEquals(99, creatable, "the gate kept accounting off: all 99 again");
            assertEquals(65436, fs.memoryIdsInUse());
            assertFalse(fs.kmemActive(MEM + "/kubepods"));
        }
    }
}
