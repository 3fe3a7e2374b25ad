package io.github.cgroups4j.fs.it;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wraps a real CgroupFs and records every successful write as {@code file=value}, to see what a manager wrote. */
final class TracingCgroupFs implements CgroupFs {
    private final CgroupFs real;
    private final List<String> writes = Collections.synchronizedList(new ArrayList<>());

    TracingCgroupFs(CgroupFs real) {
        this.real = real;
    }

    List<String> writes() {
        return List.copyOf(writes);
    }

    List<String> writesOf(String file) {
        return writes().stream().filter(w -> w.startsWith(file + "=")).toList();
    }

    @Override
    public String read(String dir, String file) throws CgroupException {
        return real.read(dir, file);
    }

    @Override
    public void write(String dir, String file, String value) throws CgroupException {
        real.write(dir, file, value);
        writes.add(file + "=" + value);
    }

    @Override
    public boolean mkdir(String dir) throws CgroupException {
        return real.mkdir(dir);
    }

    @Override
    public void rmdir(String dir) throws CgroupException {
        real.rmdir(dir);
    }

    @Override
    public List<String> list(String dir) throws CgroupException {
        return real.list(dir);
    }

    @Override
    public boolean exists(String dir) {
        return real.exists(dir);
    }

    @Override
    public boolean exists(String dir, String file) {
        return real.exists(dir, file);
    }
}
