package io.github.cgroups4j.fs.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate in {@code set} on the incident's kernel, quickly (the incident test is too slow for mutation testing):
 * a kernel-memory limit on 3.10 el7 is refused, with an error when strict and a warning otherwise, and no kmem file
 * is written either way; on 4.4 a cgroup created below a missing parent gets accounting, and {@code kmemReport()}
 * keeps what earlier calls did.
 */
class KmemGateSetTest {
    private static List<FakeOp> kmemWrites(FakeCgroupFs fs) {
        return fs.operations().stream()
                .filter(o -> o.kind() == FakeOp.Kind.WRITE && o.file() != null && o.file().startsWith("memory.kmem"))
                .toList();
    }

    @Test
    void strictSetOnTheIncidentKernelFailsAndWritesNoKmemFile() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.centos7();
        CgroupManager m = FsManager.create(CgroupConfig.forPath("/cgroups4j-gate").kmemStrict(true).build(), fs,
                fs.procFs());
        m.apply(CgroupManager.NO_PID);
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.set(Resources.builder().memory(256L << 20).kernelMemory(Limit.of(64L << 20)).build()));
        assertTrue(e.getMessage().contains("strict kmem"), e.getMessage());
        assertEquals(List.of(), kmemWrites(fs));
        m.destroy();
    }

    @Test
    void lenientSetOnTheIncidentKernelWarnsAndWritesNoKmemFile() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.centos7();
        CgroupManager m = FsManager.create(CgroupConfig.forPath("/cgroups4j-gate").build(), fs, fs.procFs());
        m.apply(CgroupManager.NO_PID);
        m.set(Resources.builder().memory(256L << 20).kernelMemory(Limit.of(64L << 20)).build());
        assertEquals(List.of(), kmemWrites(fs));
        assertEquals(String.valueOf(256L << 20), fs.read(m.path(io.github.cgroups4j.Controller.MEMORY),
                "memory.limit_in_bytes").strip());
        m.destroy();
    }

    @Test
    void theReportKeepsWhatEarlierCallsDidAndANestedCreatedCgroupCounts() throws Exception {
        // Ubuntu 16.04's 4.4: the gate allows kernel memory, and accounting is switched on per cgroup
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(io.github.cgroups4j.testkit.KernelProfile.xenial()).build();
        Resources r = Resources.builder().memory(256L << 20).kernelMemory(Limit.of(64L << 20)).build();
        // the parent is missing: apply creates both levels, and the cgroup it created gets accounting
        FsManager m = FsManager.create(CgroupConfig.forPath("/cgroups4j-parent/child").resources(r).build(), fs,
                fs.procFs());
        m.apply(CgroupManager.NO_PID);
        String dir = m.path(io.github.cgroups4j.Controller.MEMORY);
        assertTrue(fs.kmemActive(dir), "accounting enabled on the nested cgroup apply created: " + m.kmemReport());
        assertTrue(m.kmemReport().orElseThrow().accountingEnabled());
        m.set(r);
        KmemReport afterSet = m.kmemReport().orElseThrow();
        assertTrue(afterSet.accountingEnabled(), "set keeps what apply did: " + afterSet);
        assertTrue(afterSet.limitWritten(), afterSet.toString());
        m.set(Resources.builder().memory(128L << 20).build());
        assertEquals(afterSet, m.kmemReport().orElseThrow(), "a set without kernel memory changes nothing");
        m.set(r);
        KmemReport again = m.kmemReport().orElseThrow();
        assertTrue(again.accountingEnabled() && again.limitWritten(), again.toString());
        m.destroy();
        FsManager.create(CgroupConfig.forPath("/cgroups4j-parent").build(), fs, fs.procFs()).destroy();
    }
}
