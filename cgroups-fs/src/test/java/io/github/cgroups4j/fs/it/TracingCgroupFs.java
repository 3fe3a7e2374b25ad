package io.github.cgroups4j.fs.it;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.testkit.ForwardingCgroupFs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wraps a real CgroupFs and records every successful write as {@code file=value}, to see what a manager wrote. */
final class TracingCgroupFs extends ForwardingCgroupFs {
    private final List<String> writes = Collections.synchronizedList(new ArrayList<>());

    TracingCgroupFs(CgroupFs real) {
        super(real);
    }

    List<String> writes() {
        return List.copyOf(writes);
    }

    List<String> writesOf(String file) {
        return writes().stream().filter(w -> w.startsWith(file + "=")).toList();
    }

    @Override
    public void write(String dir, String file, String value) throws CgroupException {
        super.write(dir, file, value);
        writes.add(file + "=" + value);
    }
}
