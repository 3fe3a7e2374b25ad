package io.github.cgroups4j.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What NativeCgroupFs refuses, shown without root on a temporary directory posing as a mount. */
class NativeCgroupFsTest {
    @TempDir
    Path tmp;

    private static String message(CgroupException e) {
        return e.getMessage();
    }

    @Test
    void refusesARootThatIsNotACgroupFileSystem() throws Exception {
        Files.writeString(tmp.resolve("memory.limit_in_bytes"), "1\n");
        try (NativeCgroupFs fs = NativeCgroupFs.of(List.of(tmp.toString()))) {
            CgroupException e = assertThrows(CgroupException.class,
                    () -> fs.read(tmp.toString(), "memory.limit_in_bytes"));
            assertTrue(message(e).contains("not a cgroup file system"), message(e));
            assertEquals(CgroupException.Operation.CHECK, e.operation());
            assertThrows(CgroupException.class, () -> fs.write(tmp.toString(), "memory.limit_in_bytes", "2"));
            assertThrows(CgroupException.class, () -> fs.mkdir(tmp + "/x"));
            assertFalse(Files.exists(tmp.resolve("x")), "nothing was created");
            assertEquals("1\n", Files.readString(tmp.resolve("memory.limit_in_bytes")), "nothing was written");
            assertFalse(fs.exists(tmp.toString()));
        }
    }

    @Test
    void fallbackRefusesASymlinkOutAndAnyNonCgroupTarget() throws Exception {
        Files.createSymbolicLink(tmp.resolve("link"), Path.of("/etc"));
        Files.createDirectory(tmp.resolve("real"));
        Files.writeString(tmp.resolve("real/cpu.shares"), "1024\n");
        NativeCgroupFs fs = new NativeCgroupFs(List.of(tmp.toString()), false);
        CgroupException out = assertThrows(CgroupException.class, () -> fs.read(tmp + "/link", "hostname"));
        assertTrue(message(out).contains("not on a cgroup file system"), message(out));
        CgroupException plain = assertThrows(CgroupException.class, () -> fs.read(tmp + "/real", "cpu.shares"));
        assertTrue(message(plain).contains("not on a cgroup file system"), message(plain));
        fs.close();
    }

    @Test
    void refusesPathsLexically() {
        try (NativeCgroupFs fs = NativeCgroupFs.of(List.of("/sys/fs/cgroup/memory"))) {
            assertRefused("would leave the cgroup", () -> fs.read("/sys/fs/cgroup/memory/../../../etc", "passwd"));
            assertRefused("would leave the cgroup", () -> fs.mkdir("/sys/fs/cgroup/memory/a/../.."));
            assertRefused("would leave the cgroup", () -> fs.rmdir("/sys/fs/cgroup/memory/./a"));
            assertRefused("not beneath a cgroup mount", () -> fs.read("/etc", "passwd"));
            assertRefused("not beneath a cgroup mount", () -> fs.read("/sys/fs/cgroup/memoryx", "tasks"));
            assertRefused("not an interface file name", () -> fs.read("/sys/fs/cgroup/memory", "../x"));
            assertRefused("not an interface file name", () -> fs.write("/sys/fs/cgroup/memory", "a/b", "1"));
            assertRefused("not an absolute path", () -> fs.read("sys/fs/cgroup/memory", "tasks"));
            assertFalse(fs.exists("/etc"));
            assertFalse(fs.exists("/sys/fs/cgroup/memory/..", "tasks"));
        }
    }

    /**
     * Directories are placed once and remembered by hash: with far more directories than places, nested mounts and
     * the same text in new Strings, each still lands under its own mount, cleaned, and a refused one stays refused.
     */
    @Test
    void remembersWhereDirectoriesLieWithoutMixingThemUp() throws CgroupException {
        try (NativeCgroupFs fs = NativeCgroupFs.of(List.of("/m", "/m/nested", "/other"))) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 500; i++) {
                    String root = i % 3 == 0 ? "/m" : i % 3 == 1 ? "/m/nested" : "/other";
                    String dir = new String(root + "//c" + i + "/");
                    assertEquals(root + "/c" + i + "/f", fs.checkedPath(dir, "f"), dir);
                    assertEquals(root + "/c" + i, fs.checkedPath(root + "/c" + i, null));
                    // no such mount here: opening it fails, and the error names the mount the path was placed under
                    CgroupException e = assertThrows(CgroupException.class, () -> fs.read(dir, "f"));
                    assertEquals(Optional.of(root), e.cgroup(), dir);
                    assertRefused("would leave the cgroup", () -> fs.read(root + "/c/..", "f"));
                }
            }
            assertRefused("not beneath a cgroup mount", () -> fs.read("/mx/c1", "f"));
        }
    }

    private static void assertRefused(String part, org.junit.jupiter.api.function.Executable call) {
        CgroupException e = assertThrows(CgroupException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertEquals(0, e.errnoNumber(), "refused before any system call");
    }

    /**
     * close() while a call holds a root's handle: the handle stays open (the same mount, not a reused number) until
     * that call releases it; calls begun after close() are refused.
     */
    @Test
    void closeLeavesTheHandleOpenUntilTheCallUnderWayReleasesIt() throws Exception {
        NativeCgroupFs fs = NativeCgroupFs.open();
        NativeCgroupFs.Root root = fs.roots().get(0);
        String mount = root.mountPoint;
        assertTrue(fs.exists(mount), mount);
        int fd = root.acquire();
        Path link = Path.of("/proc/self/fd/" + fd);
        fs.close();
        fs.close(); // twice: nothing more
        assertTrue(root.isOpen());
        assertEquals(Path.of(mount), Files.readSymbolicLink(link), "still the mount's handle");
        CgroupException refused = assertThrows(CgroupException.class, () -> fs.read(mount, "cgroup.procs"));
        assertTrue(message(refused).contains("is closed"), message(refused));
        assertThrows(CgroupException.class, root::acquire);
        root.release();
        assertFalse(root.isOpen(), "the last call out closed it");
        assertFalse(fs.exists(mount));
    }

    /** Without openat2 (kernels before 5.6) files are opened by path: a closed instance refuses those opens too. */
    @Test
    void theFallbackPathIsRefusedAfterCloseToo() throws Exception {
        String mount = NativeCgroupFs.open().mountPoints().get(0);
        NativeCgroupFs fs = new NativeCgroupFs(List.of(mount), false);
        assertTrue(fs.exists(mount, "cgroup.procs"));
        fs.close();
        CgroupException refused = assertThrows(CgroupException.class, () -> fs.read(mount, "cgroup.procs"));
        assertTrue(message(refused).contains("is closed"), message(refused));
        assertFalse(fs.exists(mount, "cgroup.procs"));
    }

    /** Closing an instance nobody is using closes its handles at once. */
    @Test
    void closeWithNoCallUnderWayClosesAtOnce() throws Exception {
        NativeCgroupFs fs = NativeCgroupFs.open();
        NativeCgroupFs.Root root = fs.roots().get(0);
        assertTrue(fs.exists(root.mountPoint));
        assertTrue(root.isOpen());
        fs.close();
        assertFalse(root.isOpen());
    }

    /** The shared instance is every manager's: a caller's close() must not close it under them. */
    @Test
    void theSharedInstanceIgnoresClose() throws Exception {
        NativeCgroupFs fs = NativeCgroupFs.shared();
        String mount = fs.mountPoints().get(0);
        fs.close();
        assertTrue(fs.exists(mount), "still usable after close()");
        assertTrue(fs.roots().get(0).isOpen());
    }

    @Test
    void readsTheMountsFromMountinfo() throws CgroupException {
        io.github.cgroups4j.spi.ProcFs proc = new io.github.cgroups4j.spi.ProcFs() {
            @Override
            public String mountInfo() {
                return "30 28 0:26 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
                        + "31 28 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
                        + "26 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
            }

            @Override
            public String cgroup(long pid) {
                return "";
            }

            @Override
            public String status(long pid) {
                return "";
            }

            @Override
            public String cgroups() {
                return "";
            }

            @Override
            public String kernelRelease() {
                return "";
            }
        };
        try (NativeCgroupFs fs = NativeCgroupFs.open(proc)) {
            assertEquals(List.of("/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/unified"), fs.mountPoints());
        }
    }
}
