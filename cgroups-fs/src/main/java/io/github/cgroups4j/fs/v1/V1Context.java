package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.parse.CgroupValues;
import io.github.cgroups4j.parse.KeyValueFile;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the controllers share during one manager's life: the seam, the configuration, the kernel, each hierarchy's
 * mount point, the directories the current apply created (for rollback), and one-time warnings.
 */
final class V1Context {
    static final Logger LOG = LoggerFactory.getLogger("io.github.cgroups4j.fs.v1");

    final CgroupFs fs;
    final CgroupConfig config;
    final String kernelRelease;
    /** Subsystem name to its hierarchy's mount point. */
    final Map<String, String> mounts;
    /** Directories created by the apply under way, in creation order. */
    final List<String> created = new ArrayList<>();
    private final Set<String> warned = new HashSet<>();
    final KmemState kmem = new KmemState();

    /** What kmem did, for {@link FsManager#kmemReport()}. */
    static final class KmemState {
        io.github.cgroups4j.kernel.KmemDecision decision;
        boolean accountingEnabled;
        boolean limitWritten;
        boolean ignoredByKernel;
    }

    V1Context(CgroupFs fs, CgroupConfig config, String kernelRelease, Map<String, String> mounts) {
        this.fs = fs;
        this.config = config;
        this.kernelRelease = kernelRelease;
        this.mounts = Map.copyOf(mounts);
    }

    /** Logs a warning once per manager for a given key. */
    void warnOnce(String key, String message, Object... args) {
        if (warned.add(key)) {
            LOG.warn(message, args);
        }
    }

    /**
     * mkdir -p below the subsystem's mount point; records what it created. The leaf is tried first, so an existing
     * parent costs nothing; only when the kernel says ENOENT are the missing parents created, top down.
     *
     * @return whether the leaf itself was created (false: it existed and is joined)
     */
    boolean mkdirs(Subsystem s, String path) throws CgroupException {
        String mount = mounts.get(s.name());
        if (mount == null || !path.startsWith(mount + "/")) {
            throw new CgroupException(CgroupException.Operation.APPLY, path, null,
                    "not below the " + s.name() + " mount point " + mount);
        }
        return mkdirFrom(mount, path);
    }

    private boolean mkdirFrom(String mount, String dir) throws CgroupException {
        try {
            return recordMkdir(dir);
        } catch (CgroupException e) {
            if (!e.is(Errno.ENOENT) || dir.lastIndexOf('/') <= mount.length()) {
                throw e;
            }
        }
        mkdirFrom(mount, dir.substring(0, dir.lastIndexOf('/')));
        return recordMkdir(dir);
    }

    private boolean recordMkdir(String dir) throws CgroupException {
        boolean made = fs.mkdir(dir);
        if (made) {
            created.add(dir);
        }
        return made;
    }

    /**
     * Moves {@code pid} into {@code dir} ({@code cgroup.procs}); {@code -1} does nothing. EINVAL is retried a few
     * times, as runc does: a task that is still being created (TASK_NEW) cannot be moved yet.
     */
    void join(String dir, long pid) throws CgroupException {
        if (pid == -1) {
            return;
        }
        String p = Long.toString(pid);
        for (int attempt = 0;; attempt++) {
            try {
                fs.write(dir, "cgroup.procs", p);
                return;
            } catch (CgroupException e) {
                if (!e.is(Errno.EINVAL) || attempt >= 4) {
                    throw e;
                }
                sleep(30);
            }
        }
    }

    static void sleep(long millis) throws CgroupException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException(CgroupException.Operation.APPLY, null, null, null, 0, "interrupted", e);
        }
    }

    String read(String dir, String file) throws CgroupException {
        return fs.read(dir, file);
    }

    long readUint(String dir, String file) throws CgroupException {
        return CgroupValues.parseUint(fs.read(dir, file));
    }

    long readInt(String dir, String file) throws CgroupException {
        return CgroupValues.parseInt(fs.read(dir, file));
    }

    Map<String, Long> readKeyValue(String dir, String file) throws CgroupException {
        return KeyValueFile.parse(file, fs.read(dir, file));
    }

    void write(String dir, String file, String value) throws CgroupException {
        fs.write(dir, file, value);
    }

    boolean exists(String dir, String file) {
        return fs.exists(dir, file);
    }
}
