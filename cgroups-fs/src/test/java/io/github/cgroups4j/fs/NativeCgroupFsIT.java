package io.github.cgroups4j.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.fs.internal.nativeio.ErrnoException;
import io.github.cgroups4j.fs.internal.nativeio.Syscalls;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** NativeCgroupFs on this machine's real cgroup v1 controllers and cgroup2 mount; errnos the kernel really gives. */
class NativeCgroupFsIT {
    private RealCgroups cg;

    @AfterEach
    void cleanUp() {
        if (cg != null) {
            cg.close();
        }
    }

    /**
     * The multi-release jar's boundary: java.lang.foreign on JDK 22+ when the jar carries it, JNA otherwise. The
     * JDK 22+ run of these tests (the ffm profile) sets {@code cgroups4j.expect.ffm}, so there it must be FFM.
     */
    @Test
    void theNativeBoundaryIsForeignOnJdk22AndJnaBefore() {
        // a JDK reads META-INF/versions only in a jar: from target/classes the base version is used
        boolean shipped = Syscalls.class.getProtectionDomain().getCodeSource().getLocation().getPath().endsWith(".jar")
                && Syscalls.class.getResource(
                        "/META-INF/versions/22/io/github/cgroups4j/fs/internal/nativeio/LibC.class") != null;
        if (Boolean.getBoolean("cgroups4j.expect.ffm")) {
            assertTrue(shipped, "not the multi-release jar: " + Syscalls.class.getProtectionDomain().getCodeSource());
        }
        boolean ffm = shipped && Runtime.version().feature() >= 22;
        assertEquals(ffm ? "ffm" : "jna", Syscalls.implementation(), "on JDK " + Runtime.version());
    }

    @Test
    void theKernelReleaseIsUnames() throws CgroupException {
        // read with java.io (kmem-gate's start does not link the boundary for it); the JVM took os.version from uname
        String release = LinuxProcFs.system().kernelRelease();
        assertEquals(System.getProperty("os.version"), release.strip());
        assertTrue(release.endsWith("\n"), "the file as the kernel gives it, as every ProcFs read returns it");
    }

    @Test
    void v1MkdirWriteReadListRmdir() throws CgroupException {
        cg = RealCgroups.require("memory");
        NativeCgroupFs fs = cg.fs();
        assertTrue(fs.usesOpenat2(), "this kernel (>= 5.6) has openat2");
        String dir = cg.create("memory");
        assertTrue(fs.exists(dir));
        assertTrue(fs.exists(dir, "memory.limit_in_bytes"));
        assertFalse(fs.mkdir(dir), "mkdir of an existing cgroup says so");
        fs.write(dir, "memory.limit_in_bytes", Long.toString(64L << 20));
        assertEquals(Long.toString(64L << 20), fs.read(dir, "memory.limit_in_bytes").strip());
        assertTrue(fs.list(cg.mount("memory")).contains(cg.name()));
        assertFalse(fs.hasChildren(dir), "a fresh cgroup: link count 2");
        String child = cg.create("memory", "child");
        assertEquals(List.of("child"), fs.list(dir));
        assertTrue(fs.hasChildren(dir), "kernfs counts the child in the parent's link count");
        assertTrue(fs.hasChildren(cg.mount("memory")), "the hierarchy's root");
        assertTrue(fs.list(child).isEmpty());
        assertFalse(fs.hasChildren(child));
        fs.rmdir(child);
        assertFalse(fs.exists(child));
        assertTrue(fs.list(dir).isEmpty());
        assertFalse(fs.hasChildren(dir), "the link count drops with the rmdir");
        CgroupException gone = assertThrows(CgroupException.class, () -> fs.hasChildren(child));
        assertTrue(gone.is(Errno.ENOENT), gone.getMessage());
    }

    /** The device check that keeps hasChildren's statx from answering for a file system mounted over a cgroup. */
    @Test
    void linkCountAnswersOnlyForTheMountsOwnDevice() throws Exception {
        cg = RealCgroups.require("memory");
        String dir = cg.create("memory");
        int root = Syscalls.open(cg.mount("memory"), Syscalls.O_PATH | Syscalls.O_DIRECTORY);
        int proc = Syscalls.open("/proc", Syscalls.O_PATH | Syscalls.O_DIRECTORY);
        try {
            long dev = Syscalls.device(root);
            assertTrue(dev != Syscalls.device(proc), "procfs and a cgroup hierarchy are two devices");
            assertEquals(2, Syscalls.linkCount(root, cg.name(), dev));
            cg.create("memory", "child");
            assertEquals(3, Syscalls.linkCount(root, cg.name(), dev));
            assertEquals(-1, Syscalls.linkCount(root, cg.name(), dev + 1), "another device: no answer");
            assertTrue(cg.fs().hasChildren(dir));
        } finally {
            Syscalls.closeQuietly(root);
            Syscalls.closeQuietly(proc);
        }
    }

    @Test
    void cgroup2MkdirWriteReadRmdir() throws CgroupException {
        cg = RealCgroups.require("");
        NativeCgroupFs fs = cg.fs();
        String dir = cg.create("");
        assertTrue(fs.exists(dir, "cgroup.procs"));
        fs.write(dir, "cgroup.max.descendants", "5");
        assertEquals("5", fs.read(dir, "cgroup.max.descendants").strip());
        assertFalse(fs.hasChildren(dir));
        String child = cg.create("", "child");
        assertTrue(fs.hasChildren(dir), "cgroup2 is kernfs too");
        CgroupException e = assertThrows(CgroupException.class, () -> fs.rmdir(dir));
        assertTrue(e.is(Errno.EBUSY), e.getMessage());
        fs.rmdir(child);
        fs.rmdir(dir);
        assertFalse(fs.exists(dir));
    }

    @Test
    void enospcAttachingToAnEmptyCpuset() throws Exception {
        cg = RealCgroups.require("cpuset");
        NativeCgroupFs fs = cg.fs();
        String dir = cg.create("cpuset");
        assertEquals("", fs.read(dir, "cpuset.cpus").strip(), "a new cpuset child is empty here");
        long pid = cg.startSleep().pid();
        CgroupException e = assertThrows(CgroupException.class, () -> fs.write(dir, "cgroup.procs", Long.toString(pid)));
        assertTrue(e.is(Errno.ENOSPC), e.getMessage());
        assertEquals("write \"" + pid + "\" to cgroup.procs of /" + cg.name()
                + ": ENOSPC (No space left on device)", e.getMessage());
        assertEquals(Long.toString(pid), e.value().orElseThrow());
    }

    @Test
    void einvalMemoryAboveMemsw() throws CgroupException {
        cg = RealCgroups.require("memory");
        NativeCgroupFs fs = cg.fs();
        String dir = cg.create("memory");
        fs.write(dir, "memory.limit_in_bytes", Long.toString(32L << 20));
        fs.write(dir, "memory.memsw.limit_in_bytes", Long.toString(64L << 20));
        CgroupException e = assertThrows(CgroupException.class,
                () -> fs.write(dir, "memory.limit_in_bytes", Long.toString(128L << 20)));
        assertTrue(e.is(Errno.EINVAL), e.getMessage());
        assertEquals("write \"134217728\" to memory.limit_in_bytes of /" + cg.name()
                + ": EINVAL (Invalid argument)", e.getMessage());
        assertEquals(Long.toString(32L << 20), fs.read(dir, "memory.limit_in_bytes").strip(), "the kernel kept the old");
    }

    @Test
    void ebusyRemovingACgroupWithATask() throws Exception {
        cg = RealCgroups.require("pids");
        NativeCgroupFs fs = cg.fs();
        String dir = cg.create("pids");
        Process sleep = cg.startSleep();
        fs.write(dir, "cgroup.procs", Long.toString(sleep.pid()));
        assertEquals(Long.toString(sleep.pid()), fs.read(dir, "cgroup.procs").strip());
        CgroupException e = assertThrows(CgroupException.class, () -> fs.rmdir(dir));
        assertTrue(e.is(Errno.EBUSY), e.getMessage());
        assertEquals("rmdir " + dir + ": EBUSY (Device or resource busy)", e.getMessage());
        sleep.destroyForcibly().waitFor();
        fs.rmdir(dir);
        assertFalse(fs.exists(dir));
    }

    @Test
    void enoentAndNoFileIsEverCreated() throws CgroupException {
        cg = RealCgroups.require("memory");
        NativeCgroupFs fs = cg.fs();
        String dir = cg.create("memory");
        CgroupException w = assertThrows(CgroupException.class, () -> fs.write(dir, "memory.no_such_file", "1"));
        assertTrue(w.is(Errno.ENOENT), w.getMessage());
        assertFalse(fs.exists(dir, "memory.no_such_file"));
        CgroupException r = assertThrows(CgroupException.class, () -> fs.read(dir, "memory.no_such_file"));
        assertTrue(r.is(Errno.ENOENT), r.getMessage());
        CgroupException d = assertThrows(CgroupException.class, () -> fs.rmdir(dir + "/absent"));
        assertTrue(d.is(Errno.ENOENT), d.getMessage());
        CgroupException l = assertThrows(CgroupException.class, () -> fs.list(dir + "/absent"));
        assertTrue(l.is(Errno.ENOENT), l.getMessage());
        CgroupException m = assertThrows(CgroupException.class, () -> fs.mkdir(dir + "/absent/child"));
        assertTrue(m.is(Errno.ENOENT), m.getMessage());
    }

    @Test
    void escapesAreRefusedOnTheRealMounts() throws Exception {
        cg = RealCgroups.require("memory", "");
        NativeCgroupFs fs = cg.fs();
        String dir = cg.create("memory");
        CgroupException dots = assertThrows(CgroupException.class,
                () -> fs.read(dir + "/../../..", "etc"));
        assertTrue(dots.getMessage().contains("would leave the cgroup"), dots.getMessage());
        // the kernel itself refuses leaving the mount: ".." past the root handle and a hop onto the tmpfs above
        int root = Syscalls.open(cg.mount("memory"), Syscalls.O_PATH | Syscalls.O_DIRECTORY);
        try {
            long resolve = Syscalls.RESOLVE_BENEATH | Syscalls.RESOLVE_NO_MAGICLINKS | Syscalls.RESOLVE_NO_SYMLINKS
                    | Syscalls.RESOLVE_NO_XDEV;
            ErrnoException up = assertThrows(ErrnoException.class,
                    () -> Syscalls.openat2(root, "../unified/cgroup.procs", Syscalls.O_RDONLY, resolve));
            assertEquals(Errno.EXDEV.number(), up.errno());
            ErrnoException abs = assertThrows(ErrnoException.class,
                    () -> Syscalls.openat2(root, "/etc/passwd", Syscalls.O_RDONLY, resolve));
            assertEquals(Errno.EXDEV.number(), abs.errno());
        } finally {
            Syscalls.close(root);
        }
        // the tmpfs holding the mounts is not a cgroup file system
        String cgroupRoot = cg.mount("memory").substring(0, cg.mount("memory").lastIndexOf('/'));
        try (NativeCgroupFs tmpfs = NativeCgroupFs.of(List.of(cgroupRoot))) {
            CgroupException e = assertThrows(CgroupException.class, () -> tmpfs.list(cgroupRoot));
            assertTrue(e.getMessage().contains("not a cgroup file system"), e.getMessage());
        }
    }

    @Test
    void fallbackWithoutOpenat2WorksOnRealCgroupfs() throws CgroupException {
        cg = RealCgroups.require("pids");
        String dir = cg.create("pids");
        try (NativeCgroupFs fallback = new NativeCgroupFs(List.of(cg.mount("pids")), false)) {
            fallback.write(dir, "pids.max", "7");
            assertEquals("7", fallback.read(dir, "pids.max").strip());
            assertTrue(fallback.exists(dir, "pids.max"));
            CgroupException e = assertThrows(CgroupException.class, () -> fallback.write(dir, "pids.max", "-3"));
            assertTrue(e.is(Errno.EINVAL), e.getMessage());
        }
    }
}
