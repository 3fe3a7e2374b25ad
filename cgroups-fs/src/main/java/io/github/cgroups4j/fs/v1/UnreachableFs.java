package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.List;

/**
 * A file system with nothing in it, on which any read, write or creation throws {@link Touched}: a controller's
 * {@code set} run against it shows whether the resources ask anything of that controller, without a list of
 * fields to keep in step with the controllers.
 */
final class UnreachableFs implements CgroupFs {
    static final UnreachableFs INSTANCE = new UnreachableFs();

    /** The controller tried to touch a file: the resources set something for it. */
    static final class Touched extends CgroupException {
        private static final long serialVersionUID = 1L;

        Touched(String file) {
            super(Operation.SET, null, file, "no such hierarchy");
        }
    }

    private UnreachableFs() {
    }

    @Override
    public String read(String dir, String file) throws CgroupException {
        throw new Touched(file);
    }

    @Override
    public void write(String dir, String file, String value) throws CgroupException {
        throw new Touched(file);
    }

    @Override
    public boolean mkdir(String dir) throws CgroupException {
        throw new Touched(null);
    }

    @Override
    public void rmdir(String dir) throws CgroupException {
        throw new Touched(null);
    }

    @Override
    public List<String> list(String dir) throws CgroupException {
        throw new Touched(null);
    }

    @Override
    public boolean exists(String dir) {
        return false;
    }

    @Override
    public boolean exists(String dir, String file) {
        return false;
    }
}
