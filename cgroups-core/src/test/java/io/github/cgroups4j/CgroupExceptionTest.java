package io.github.cgroups4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CgroupExceptionTest {

    @Test
    void messageNamesOperationValueFileCgroupAndErrno() {
        CgroupException e = new CgroupException(CgroupException.Operation.WRITE, "/kubepods/pod1",
                "memory.kmem.limit_in_bytes", "1", Errno.EBUSY.number(), null, null);
        assertEquals("write \"1\" to memory.kmem.limit_in_bytes of /kubepods/pod1: EBUSY (Device or resource busy)",
                e.getMessage());
        assertTrue(e.is(Errno.EBUSY));
        assertEquals(16, e.errnoNumber());
        assertEquals(Errno.EBUSY, e.errno().orElseThrow());
        assertEquals("1", e.value().orElseThrow());
        assertTrue(e instanceof IOException);
    }

    @Test
    void otherShapes() {
        assertEquals("mkdir /sys/fs/cgroup/memory/test/test-100: ENOSPC (No space left on device)",
                new CgroupException(CgroupException.Operation.MKDIR, "/sys/fs/cgroup/memory/test/test-100", null,
                        null, 28, null, null).getMessage());
        assertEquals("read memory.stat of /a: no such thing",
                new CgroupException(CgroupException.Operation.READ, "/a", "memory.stat", "no such thing")
                        .getMessage());
        assertEquals("rmdir /a: errno 200 (still busy)",
                new CgroupException(CgroupException.Operation.RMDIR, "/a", null, null, 200, "still busy", null)
                        .getMessage());
        CgroupException noErrno = new CgroupException(CgroupException.Operation.CHECK, "/x", null, "refused");
        assertTrue(noErrno.errno().isEmpty());
        assertFalse(noErrno.is(Errno.ENOENT));
        assertEquals("write \"a\\nb\" to cgroup.procs of /x: EINVAL (Invalid argument)",
                new CgroupException(CgroupException.Operation.WRITE, "/x", "cgroup.procs", "a\nb", 22, null, null)
                        .getMessage());
    }

    @Test
    void errnoTable() {
        assertEquals(Errno.ENOSPC, Errno.of(28).orElseThrow());
        assertTrue(Errno.of(0).isEmpty());
        assertTrue(Errno.of(-1).isEmpty());
        assertTrue(Errno.of(1000).isEmpty());
        assertEquals("ENOENT (No such file or directory)", Errno.describe(2));
        for (Errno e : Errno.values()) {
            assertEquals(e, Errno.of(e.number()).orElseThrow());
        }
    }
}
