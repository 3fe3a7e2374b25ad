package io.github.cgroups4j.fs;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.fs.v1.HostSnapshot;
import io.github.cgroups4j.fs.v2.Fs2Manager;
import io.github.cgroups4j.spi.CgroupBackend;
import io.github.cgroups4j.spi.ProcFs;
import java.util.Map;
import java.util.Optional;

/** The cgroup v2 {@code fs2} backend over the real cgroupfs: it serves unified hosts. */
public final class Fs2Backend implements CgroupBackend {
    private final ProcFs proc;

    /** For the service loader. */
    public Fs2Backend() {
        this(LinuxProcFs.system());
    }

    Fs2Backend(ProcFs proc) {
        this.proc = proc;
    }

    @Override
    public String name() {
        return "fs2";
    }

    @Override
    public Optional<String> unsupportedReason(CgroupConfig config) {
        if (config.systemd()) {
            return Optional.of("the config asks for the systemd driver (cgroups-systemd)");
        }
        try {
            Optional<CgroupMode> mode = HostSnapshot.read(proc).mode();
            if (mode.isEmpty()) {
                return Optional.of("no cgroup file system is mounted");
            }
            if (mode.get() != CgroupMode.UNIFIED) {
                return Optional.of("this host is not cgroup v2 only (" + mode.get().name().toLowerCase(
                        java.util.Locale.ROOT) + "): the v1 fs backend serves it");
            }
            return Optional.empty();
        } catch (CgroupException e) {
            return Optional.of("cannot read the mounts: " + e.getMessage());
        }
    }

    @Override
    public CgroupManager create(CgroupConfig config, Map<String, String> savedPaths) throws CgroupException {
        NativeCgroupFs fs = NativeCgroupFs.shared();
        return savedPaths.isEmpty() ? Fs2Manager.create(config, fs, proc) : Fs2Manager.load(config, savedPaths, fs,
                proc);
    }
}
