package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.List;

/** A {@link CgroupFs} that runs a hook before each operation: another actor "meanwhile", or a hidden file. */
final class HookedFs implements CgroupFs {
    /** Called before an operation; may act on the real fs, or throw to fail it. */
    interface Hook {
        void before(String op, String dir, String file) throws CgroupException;
    }

    private final CgroupFs fs;
    private final Hook hook;

    HookedFs(CgroupFs fs, Hook hook) {
        this.fs = fs;
        this.hook = hook;
    }

    @Override
    public String read(String dir, String file) throws CgroupException {
        hook.before("read", dir, file);
        return fs.read(dir, file);
    }

    @Override
    public void write(String dir, String file, String value) throws CgroupException {
        hook.before("write", dir, file);
        fs.write(dir, file, value);
    }

    @Override
    public boolean mkdir(String dir) throws CgroupException {
        hook.before("mkdir", dir, null);
        return fs.mkdir(dir);
    }

    @Override
    public void rmdir(String dir) throws CgroupException {
        hook.before("rmdir", dir, null);
        fs.rmdir(dir);
    }

    @Override
    public List<String> list(String dir) throws CgroupException {
        hook.before("list", dir, null);
        return fs.list(dir);
    }

    @Override
    public boolean exists(String dir) {
        return fs.exists(dir);
    }

    @Override
    public boolean exists(String dir, String file) {
        try {
            hook.before("exists", dir, file);
        } catch (CgroupException e) {
            return false;
        }
        return fs.exists(dir, file);
    }
}
