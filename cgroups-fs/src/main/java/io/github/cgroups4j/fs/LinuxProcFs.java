package io.github.cgroups4j.fs;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.fs.internal.nativeio.ErrnoException;
import io.github.cgroups4j.fs.internal.nativeio.Syscalls;
import io.github.cgroups4j.spi.ProcFs;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@link ProcFs} over the real {@code /proc}, read with the same errno-precise calls as the cgroupfs. */
public final class LinuxProcFs implements ProcFs {
    private static final LinuxProcFs INSTANCE = new LinuxProcFs("/proc");

    private final String proc;

    private LinuxProcFs(String proc) {
        this.proc = proc;
    }

    /** @return the procfs at {@code /proc} */
    public static LinuxProcFs system() {
        return INSTANCE;
    }

    private String read(String path) throws CgroupException {
        try {
            return Syscalls.readAllAndClose(Syscalls.open(path, Syscalls.O_RDONLY));
        } catch (ErrnoException e) {
            throw new CgroupException(CgroupException.Operation.READ, null, path, null, e.errno(), null, null);
        }
    }

    private String pidDir(long pid) {
        if (pid < 0) {
            throw new IllegalArgumentException("pid: " + pid + " is negative");
        }
        return proc + "/" + (pid == SELF ? "self" : Long.toString(pid));
    }

    @Override
    public String mountInfo() throws CgroupException {
        return read(proc + "/self/mountinfo");
    }

    @Override
    public String cgroup(long pid) throws CgroupException {
        return read(pidDir(pid) + "/cgroup");
    }

    @Override
    public String status(long pid) throws CgroupException {
        return read(pidDir(pid) + "/status");
    }

    @Override
    public String cgroups() throws CgroupException {
        return read(proc + "/cgroups");
    }

    /**
     * Read with {@code java.io}, not through the native boundary: it is often a short-lived process's only read (a
     * {@code cgctl kmem-gate}), and linking the boundary's first calls costs it about 45 ms (JDK 25, measured). A
     * failure is read again natively, so that the error carries the errno as every other read's does.
     */
    @Override
    public String kernelRelease() throws CgroupException {
        String path = proc + "/sys/kernel/osrelease";
        try (FileInputStream in = new FileInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return read(path);
        }
    }

    @Override
    public long pageSize() {
        return Syscalls.pageSize();
    }

    @Override
    public List<String> hugePageDirectories() throws CgroupException {
        String dir = "/sys/kernel/mm/hugepages";
        try {
            return Syscalls.listDirectoriesAndClose(
                    Syscalls.open(dir, Syscalls.O_RDONLY | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT.number()) {
                return List.of(); // a kernel without huge pages
            }
            throw new CgroupException(CgroupException.Operation.LIST, null, dir, null, e.errno(), null, null);
        }
    }

    @Override
    public void kill(long pid, int signal) throws CgroupException {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pid: " + pid + " is not a process id");
        }
        try {
            Syscalls.kill((int) pid, signal);
        } catch (ErrnoException e) {
            throw new CgroupException(CgroupException.Operation.KILL, null, null, "signal " + signal + " to " + pid,
                    e.errno(), null, null);
        }
    }

    @Override
    public java.util.Optional<String> kernelCommandLine() throws CgroupException {
        return java.util.Optional.of(read(proc + "/cmdline"));
    }

    @Override
    public String uidMap() throws CgroupException {
        try {
            return read(proc + "/self/uid_map");
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT)) {
                return ProcFs.super.uidMap(); // a kernel without user namespaces
            }
            throw e;
        }
    }
}
