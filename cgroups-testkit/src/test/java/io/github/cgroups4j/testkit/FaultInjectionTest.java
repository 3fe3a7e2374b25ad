package io.github.cgroups4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
    private final FakeCgroupFs fs = FakeCgroupFs.modernHybrid();

    @Test
    void failsTheNthMatchOnce() throws CgroupException {
        Fault f = Fault.on(FakeOp.Kind.MKDIR, "/sys/fs/cgroup/*/job*").errno(Errno.ENOSPC).nth(2);
        fs.inject(f);
        fs.mkdir("/sys/fs/cgroup/memory/job1");
        CgroupException e = assertThrows(CgroupException.class, () -> fs.mkdir("/sys/fs/cgroup/cpu/job1"));
        assertTrue(e.is(Errno.ENOSPC));
        assertTrue(!fs.exists("/sys/fs/cgroup/cpu/job1"), "a failed mkdir creates nothing");
        fs.mkdir("/sys/fs/cgroup/cpu/job1");
        fs.mkdir("/sys/fs/cgroup/pids/other"); // no match
        assertEquals(1, f.fired());
    }

    @Test
    void alwaysFailsFromTheNthOn() throws CgroupException {
        fs.mkdir("/sys/fs/cgroup/memory/a");
        Fault f = Fault.on(FakeOp.Kind.WRITE, "/sys/fs/cgroup/memory/**/memory.*limit_in_bytes").errno(Errno.EBUSY)
                .always();
        fs.inject(f);
        for (String file : List.of("memory.limit_in_bytes", "memory.soft_limit_in_bytes")) {
            assertTrue(assertThrows(CgroupException.class, () -> fs.write("/sys/fs/cgroup/memory/a", file, "1M"))
                    .is(Errno.EBUSY));
        }
        assertEquals("9223372036854771712\n", fs.read("/sys/fs/cgroup/memory/a", "memory.limit_in_bytes"));
        fs.write("/sys/fs/cgroup/memory/a", "memory.swappiness", "10");
        fs.clearFaults();
        fs.write("/sys/fs/cgroup/memory/a", "memory.limit_in_bytes", "1M");
    }

    @Test
    void recordsEveryOperation() throws CgroupException {
        fs.clearOperations();
        fs.mkdir("/sys/fs/cgroup/pids/a");
        fs.write("/sys/fs/cgroup/pids/a", "pids.max", "5");
        assertThrows(CgroupException.class, () -> fs.write("/sys/fs/cgroup/pids/a", "pids.max", "x"));
        fs.read("/sys/fs/cgroup/pids/a", "pids.max");
        fs.rmdir("/sys/fs/cgroup/pids/a");
        List<FakeOp> ops = fs.operations();
        assertEquals(List.of(
                new FakeOp(FakeOp.Kind.MKDIR, "/sys/fs/cgroup/pids/a", null, null, 0),
                new FakeOp(FakeOp.Kind.WRITE, "/sys/fs/cgroup/pids/a", "pids.max", "5", 0),
                new FakeOp(FakeOp.Kind.WRITE, "/sys/fs/cgroup/pids/a", "pids.max", "x", Errno.EINVAL.number()),
                new FakeOp(FakeOp.Kind.READ, "/sys/fs/cgroup/pids/a", "pids.max", null, 0),
                new FakeOp(FakeOp.Kind.RMDIR, "/sys/fs/cgroup/pids/a", null, null, 0)), ops);
    }

    @Test
    void globs() {
        assertTrue("/a/b/c".matches(Fault.toRegex("/a/**")));
        assertTrue("/a/b".matches(Fault.toRegex("/a/*")));
        assertTrue(!"/a/b/c".matches(Fault.toRegex("/a/*")));
        assertTrue("/x/memory.limit_in_bytes".matches(Fault.toRegex("**/memory.?imit_in_bytes")));
    }
}
