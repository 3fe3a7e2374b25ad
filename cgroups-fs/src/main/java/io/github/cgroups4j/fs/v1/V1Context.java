package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.parse.CgroupValues;
import io.github.cgroups4j.parse.KeyValueFile;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's view of a manager (apply, set, stats, ...): the seam, the configuration, the kernel, each hierarchy's
 * mount point, shared by all calls of the manager through {@link Host}, and what this call did: the directories it
 * created (for its rollback) and what kmem came to. A new context is made for every call and dropped after it, so
 * no call sees another's state.
 */
final class V1Context {
    static final Logger LOG = LoggerFactory.getLogger("io.github.cgroups4j.fs.v1");

    /** What every call of one manager shares; immutable but for the set of warnings already given. */
    static final class Host {
        final CgroupFs fs;
        final CgroupConfig config;
        final String kernelRelease;
        /** Subsystem name to its hierarchy's mount point. */
        final Map<String, String> mounts;
        /** The page size, for kmem read-backs. */
        final long pageSize;
        /** Huge page sizes as the hugetlb controller names them ({@code 2MB}). */
        final List<String> hugePageSizes;
        /** Whether the manager runs inside a user namespace (devices are then left alone, as runc). */
        final boolean userNamespace;
        private final Set<String> warned = ConcurrentHashMap.newKeySet();
        /** Facts probed once on the hierarchy roots, shared with every manager of the same host snapshot. */
        final Map<String, Object> probed;

        Host(CgroupFs fs, CgroupConfig config, String kernelRelease, Map<String, String> mounts, long pageSize,
                List<String> hugePageSizes, boolean userNamespace) {
            this(fs, config, kernelRelease, mounts, pageSize, hugePageSizes, userNamespace, new ConcurrentHashMap<>());
        }

        Host(CgroupFs fs, CgroupConfig config, String kernelRelease, Map<String, String> mounts, long pageSize,
                List<String> hugePageSizes, boolean userNamespace, Map<String, Object> probed) {
            this.probed = probed;
            this.fs = fs;
            this.config = config;
            this.kernelRelease = kernelRelease;
            this.mounts = Map.copyOf(mounts);
            this.pageSize = pageSize;
            this.hugePageSizes = List.copyOf(hugePageSizes);
            this.userNamespace = userNamespace;
        }
    }

    final Host host;
    final CgroupFs fs;
    final CgroupConfig config;
    final String kernelRelease;
    /** Subsystem name to its hierarchy's mount point. */
    final Map<String, String> mounts;
    /** Directories this call created, in creation order. */
    final List<String> created = new ArrayList<>();
    /** What kmem came to in this call. */
    final KmemState kmem = new KmemState();

    /** What kmem did in one call, for {@link FsManager#kmemReport()}. */
    static final class KmemState {
        io.github.cgroups4j.kernel.KmemDecision decision;
        boolean accountingEnabled;
        boolean limitWritten;
        boolean ignoredByKernel;
    }

    V1Context(Host host) {
        this.host = host;
        this.fs = host.fs;
        this.config = host.config;
        this.kernelRelease = host.kernelRelease;
        this.mounts = host.mounts;
    }

    /** For unit tests of one controller: x86 pages, no huge pages, not in a user namespace. */
    V1Context(CgroupFs fs, CgroupConfig config, String kernelRelease, Map<String, String> mounts) {
        this(new Host(fs, config, kernelRelease, mounts, 4096, List.of(), false));
    }

    /** Logs a warning once per manager for a given key. */
    void warnOnce(String key, String message, Object... args) {
        if (host.warned.add(key)) {
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

    /**
     * One {@code mkdir}, recorded when it created the directory; an existing one is fine.
     *
     * @return whether it was created
     */
    boolean mkdir(String dir) throws CgroupException {
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
        return fs.readUint(dir, file);
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
