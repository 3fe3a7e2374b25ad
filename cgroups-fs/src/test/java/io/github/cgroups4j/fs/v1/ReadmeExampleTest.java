package io.github.cgroups4j.fs.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import io.github.cgroups4j.testkit.Fault;
import org.junit.jupiter.api.Test;

/** The README's testkit example, verbatim, so the README stays true. */
class ReadmeExampleTest {
    @Test
    void readmeTestkitExample() throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.centos7();                  // 3.10 el7: kmem accounting leaks memory cgroup IDs
        FsManager kubepods = FsManager.create(CgroupConfig.forPath("/kubepods").kmemPolicy(KmemPolicy.GATED)
                .resources(Resources.builder().memory(8L << 30).build()).build(), fs, fs.procFs());
        kubepods.apply(CgroupManager.NO_PID);
        kubepods.set(kubepods.config().resources());
        assertFalse(fs.kmemActive("/sys/fs/cgroup/memory/kubepods"));
        assertEquals("8589934592\n", fs.read("/sys/fs/cgroup/memory/kubepods", "memory.limit_in_bytes"));
        fs.inject(Fault.on(FakeOp.Kind.MKDIR, "/sys/fs/cgroup/memory/**").errno(Errno.ENOSPC));   // make the next mkdir fail

        FsManager next = FsManager.create(CgroupConfig.forPath("/kubepods/pod1").build(), fs, fs.procFs());
        assertTrue(assertThrows(CgroupException.class, () -> next.apply(CgroupManager.NO_PID)).is(Errno.ENOSPC));
        assertFalse(next.exists());
    }
}
