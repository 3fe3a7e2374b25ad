package io.github.cgroups4j.fs;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.fs.v1.FsManager;
import io.github.cgroups4j.fs.v1.HostSnapshot;
import io.github.cgroups4j.spi.CgroupBackend;
import java.util.Map;
import java.util.Optional;

/** The cgroup v1 {@code fs} backend over the real cgroupfs, found by {@link java.util.ServiceLoader}. */
public final class FsBackend implements CgroupBackend {
    private final io.github.cgroups4j.spi.ProcFs proc;
    /** The real host's mounts and kernel, read once, like {@link NativeCgroupFs#shared()}. */
    private static volatile HostSnapshot realHost;

    /** For the service loader. */
    public FsBackend() {
        this(LinuxProcFs.system());
    }

    FsBackend(io.github.cgroups4j.spi.ProcFs proc) {
        this.proc = proc;
    }

    private HostSnapshot host() throws CgroupException {
        if (proc != LinuxProcFs.system()) {
            return HostSnapshot.read(proc);
        }
        HostSnapshot h = realHost;
        if (h == null) {
            h = HostSnapshot.read(proc);
            realHost = h;
        }
        return h;
    }

    @Override
    public String name() {
        return "fs";
    }

    @Override
    public Optional<String> unsupportedReason(CgroupConfig config) {
        if (config.systemd()) {
            return Optional.of("the config asks for the systemd driver (cgroups-systemd)");
        }
        try {
            Optional<CgroupMode> mode = host().mode();
            if (mode.isEmpty()) {
                return Optional.of("no cgroup file system is mounted");
            }
            if (mode.get() == CgroupMode.UNIFIED) {
                return Optional.of("this host is cgroup v2 only (unified): the fs2 backend serves it");
            }
            return Optional.empty();
        } catch (CgroupException e) {
            return Optional.of("cannot read the mounts: " + e.getMessage());
        }
    }

    @Override
    public CgroupManager create(CgroupConfig config, Map<String, String> savedPaths) throws CgroupException {
        NativeCgroupFs fs = NativeCgroupFs.shared();
        return savedPaths.isEmpty() ? FsManager.create(config, fs, proc, host())
                : FsManager.load(config, savedPaths, fs, proc);
    }
}
