package io.github.cgroups4j.fs.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.fs.RealCgroups;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * [H] A symlink cannot be planted in a cgroup path: the cgroupfs itself refuses symlink(2); a path through
 * {@code ..} or outside the mounts is refused before any system call, and openat2 refuses symlinks and mount crossings
 * in what remains (the fallback's refusals are in NativeCgroupFsTest).
 */
class SymlinkIT {
    @Test
    void theCgroupfsRefusesSymlinksAndTheSeamRefusesEscapes() throws Exception {
        try (RealCgroups real = RealCgroups.require("pids")) {
            String dir = real.create("pids");
            FileSystemException e = assertThrows(FileSystemException.class,
                    () -> Files.createSymbolicLink(Path.of(dir, "evil"), Path.of("/etc")));
            assertTrue(String.valueOf(e.getReason()).contains("Operation not permitted"), e.getMessage());
            CgroupException up = assertThrows(CgroupException.class, () -> real.fs().read(dir + "/../..", "x"));
            assertTrue(up.getMessage().contains("would leave the cgroup"), up.getMessage());
            CgroupException out = assertThrows(CgroupException.class, () -> real.fs().read("/etc", "passwd"));
            assertTrue(out.getMessage().contains("not beneath a cgroup mount"), out.getMessage());
        }
    }
}
