package io.github.cgroups4j.fs.v2;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.parse.KeyValueFile;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's view of an {@link Fs2Manager} (apply, set, stats, ...): the seam, the configuration, the kernel and
 * the huge page sizes, shared by all calls, and what this call created. A new one for every call.
 */
final class V2Context {
    static final Logger LOG = LoggerFactory.getLogger("io.github.cgroups4j.fs.v2");

    final CgroupFs fs;
    final CgroupConfig config;
    final String kernelRelease;
    final List<String> hugePageSizes;
    /** Directories this call created, in creation order. */
    final List<String> created = new ArrayList<>();
    /** Controllers this call enabled, as {parent directory, controller}, in order: a rollback disables them again. */
    final List<String[]> enabled = new ArrayList<>();

    V2Context(CgroupFs fs, CgroupConfig config, String kernelRelease, List<String> hugePageSizes) {
        this.fs = fs;
        this.config = config;
        this.kernelRelease = kernelRelease;
        this.hugePageSizes = hugePageSizes;
    }

    String read(String dir, String file) throws CgroupException {
        return fs.read(dir, file);
    }

    /** @return the file's content, or empty when the kernel (or the controllers enabled) has no such file */
    Optional<String> readOptional(String dir, String file) throws CgroupException {
        try {
            return Optional.of(fs.read(dir, file));
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT) && fs.exists(dir)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    long readUint(String dir, String file) throws CgroupException {
        return fs.readUint(dir, file);
    }

    Map<String, Long> readKeyValue(String dir, String file) throws CgroupException {
        return KeyValueFile.parse(file, fs.read(dir, file));
    }

    void write(String dir, String file, String value) throws CgroupException {
        fs.write(dir, file, value);
    }

    static void sleep(long millis) throws CgroupException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException(CgroupException.Operation.APPLY, null, null, null, 0, "interrupted", e);
        }
    }
}
