package io.github.cgroups4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.KernelProfile;
import org.junit.jupiter.api.Test;

/** The example of a policy unit test with the testkit: no root, milliseconds, the kernel's rules. */
class BatchJobPolicyTest {
    private static final String CG = "/sys/fs/cgroup";

    @Test
    void aSmallJobGetsItsLimits() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.modernHybrid();
        new BatchJobPolicy(fs, fs.procFs()).start("job1", BatchJobPolicy.Size.SMALL, 0);
        assertEquals("268435456\n", fs.read(CG + "/memory/batch/job1", "memory.limit_in_bytes"));
        assertEquals("268435456\n", fs.read(CG + "/memory/batch/job1", "memory.memsw.limit_in_bytes"));
        assertEquals("25000\n", fs.read(CG + "/cpu/batch/job1", "cpu.cfs_quota_us"));
        assertEquals("64\n", fs.read(CG + "/pids/batch/job1", "pids.max"));
    }

    @Test
    void theSamePolicyRunsUnchangedOnACgroupV2Host() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.unified();
        new BatchJobPolicy(fs, fs.procFs()).start("job1", BatchJobPolicy.Size.SMALL, 0);
        assertEquals("268435456\n", fs.read(CG + "/batch/job1", "memory.max"));
        assertEquals("0\n", fs.read(CG + "/batch/job1", "memory.swap.max"), "memory+swap equal to memory: no swap");
        assertEquals("25000 100000\n", fs.read(CG + "/batch/job1", "cpu.max"));
        assertEquals("64\n", fs.read(CG + "/batch/job1", "pids.max"));
        CgroupException e = assertThrows(CgroupException.class,
                () -> new BatchJobPolicy(fs, fs.procFs()).start("job2", BatchJobPolicy.Size.LARGE, 64L << 20));
        assertTrue(e.getMessage().contains("cgroup v2 has no kernel-memory limit"), e.getMessage());
        assertFalse(fs.exists(CG + "/batch/job2"), "a refused job leaves nothing");
    }

    @Test
    void kernelMemoryOnCentos7IsRefusedAndLeavesNothing() {
        FakeCgroupFs fs = FakeCgroupFs.centos7();
        CgroupException e = assertThrows(CgroupException.class,
                () -> new BatchJobPolicy(fs, fs.procFs()).start("job2", BatchJobPolicy.Size.LARGE, 64L << 20));
        assertTrue(e.getMessage().contains("older than 4.3"), e.getMessage());
        assertFalse(fs.exists(CG + "/memory/batch/job2"));
        assertEquals(1, fs.memoryIdsInUse(), "no memory cgroup ID taken, none leaked");
    }

    @Test
    void kernelMemoryOnA44KernelIsApplied() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(KernelProfile.xenial()).layout(FakeCgroupFs.Layout.LEGACY)
                .build();
        new BatchJobPolicy(fs, fs.procFs()).start("job3", BatchJobPolicy.Size.LARGE, 64L << 20);
        assertTrue(fs.kmemActive(CG + "/memory/batch/job3"));
        assertEquals("67108864\n", fs.read(CG + "/memory/batch/job3", "memory.kmem.limit_in_bytes"));
    }
}
