package io.github.cgroups4j.fs.internal.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.Errno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel boundary on an ordinary temporary directory: no root, no cgroupfs needed. */
class SyscallsTest {
    private static final long RESOLVE = Syscalls.RESOLVE_BENEATH | Syscalls.RESOLVE_NO_MAGICLINKS
            | Syscalls.RESOLVE_NO_SYMLINKS | Syscalls.RESOLVE_NO_XDEV;

    @TempDir
    Path tmp;

    private int dirFd() throws ErrnoException {
        return Syscalls.open(tmp.toString(), Syscalls.O_PATH | Syscalls.O_DIRECTORY);
    }

    @Test
    void readsWritesAndReportsErrno() throws Exception {
        Files.writeString(tmp.resolve("f"), "");
        int root = dirFd();
        try {
            int w = Syscalls.openat2(root, "f", Syscalls.O_WRONLY, RESOLVE);
            Syscalls.writeFully(w, "hello\n".getBytes(StandardCharsets.UTF_8));
            Syscalls.close(w);
            assertEquals("hello\n", Syscalls.readAllAndClose(Syscalls.openat2(root, "f", Syscalls.O_RDONLY, RESOLVE)));
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> Syscalls.openat2(root, "missing", Syscalls.O_RDONLY, RESOLVE));
            assertEquals(Errno.ENOENT.number(), e.errno());
            assertEquals("openat2: ENOENT (No such file or directory)", e.getMessage());
            assertEquals(0, e.getStackTrace().length, "an expected failure is cheap: no stack trace");
            assertEquals("write (short: 3 of 5 bytes): errno 4000",
                    new ErrnoException("write (short: 3 of 5 bytes)", 4000).getMessage());
        } finally {
            Syscalls.close(root);
        }
    }

    @Test
    void readsFilesLargerThanTheBuffer() throws Exception {
        String big = "x".repeat(100_000) + "end";
        Files.writeString(tmp.resolve("big"), big);
        assertEquals(big, Syscalls.readAllAndClose(Syscalls.open(tmp.resolve("big").toString(), Syscalls.O_RDONLY)));
    }

    @Test
    void openat2RefusesDotDotAbsoluteAndSymlinks() throws Exception {
        Files.createDirectory(tmp.resolve("d"));
        Files.createSymbolicLink(tmp.resolve("d/out"), Path.of("/etc"));
        Files.createSymbolicLink(tmp.resolve("d/in"), tmp.resolve("d"));
        int root = Syscalls.open(tmp.resolve("d").toString(), Syscalls.O_PATH | Syscalls.O_DIRECTORY);
        try {
            assertEquals(Errno.EXDEV.number(), assertThrows(ErrnoException.class,
                    () -> Syscalls.openat2(root, "../d", Syscalls.O_PATH, RESOLVE)).errno(), "..");
            assertEquals(Errno.EXDEV.number(), assertThrows(ErrnoException.class,
                    () -> Syscalls.openat2(root, "/etc/hostname", Syscalls.O_RDONLY, RESOLVE)).errno(), "absolute");
            assertEquals(Errno.ELOOP.number(), assertThrows(ErrnoException.class,
                    () -> Syscalls.openat2(root, "out/hostname", Syscalls.O_RDONLY, RESOLVE)).errno(), "symlink out");
            assertEquals(Errno.ELOOP.number(), assertThrows(ErrnoException.class,
                    () -> Syscalls.openat2(root, "in", Syscalls.O_PATH, RESOLVE)).errno(), "any symlink");
        } finally {
            Syscalls.close(root);
        }
    }

    @Test
    void mkdirListRmdir() throws Exception {
        int root = dirFd();
        try {
            Syscalls.mkdirat(root, "a", 0755);
            Syscalls.mkdirat(root, "b", 0755);
            Files.writeString(tmp.resolve("file"), "not a dir");
            assertEquals(Errno.EEXIST.number(),
                    assertThrows(ErrnoException.class, () -> Syscalls.mkdirat(root, "a", 0755)).errno());
            Syscalls.mkdirat(root, "a/child", 0755);
            assertEquals(Errno.ENOTEMPTY.number(),
                    assertThrows(ErrnoException.class, () -> Syscalls.rmdirat(root, "a")).errno());
            List<String> names = Syscalls.listDirectoriesAndClose(
                    Syscalls.openat2(root, ".", Syscalls.O_RDONLY | Syscalls.O_DIRECTORY, RESOLVE));
            assertEquals(Set.of("a", "b"), new HashSet<>(names), "directories only, no . or ..");
            Syscalls.rmdirat(root, "a/child");
            Syscalls.rmdirat(root, "a");
            assertFalse(Files.exists(tmp.resolve("a")));
            assertEquals(Errno.ENOENT.number(),
                    assertThrows(ErrnoException.class, () -> Syscalls.rmdirat(root, "a")).errno());
        } finally {
            Syscalls.close(root);
        }
    }

    @Test
    void fstatfsTellsATempDirFromACgroupFs() throws ErrnoException, IOException {
        int fd = dirFd();
        try {
            assertFalse(Syscalls.isCgroupFs(Syscalls.fstatfsType(fd)));
        } finally {
            Syscalls.close(fd);
        }
        assertTrue(Syscalls.isCgroupFs(Syscalls.CGROUP_SUPER_MAGIC));
        assertTrue(Syscalls.isCgroupFs(Syscalls.CGROUP2_SUPER_MAGIC));
    }

    @Test
    void closeOfABadDescriptorIsEbadf() {
        assertEquals(Errno.EBADF.number(), assertThrows(ErrnoException.class, () -> Syscalls.close(-5)).errno());
    }
}
