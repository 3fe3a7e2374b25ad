package io.github.cgroups4j.testkit;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.List;
import java.util.Objects;

/**
 * A {@link CgroupFs} that passes every call to another: extend it and override what a test needs to see or change
 * (record the writes, run something in the middle of a manager's call, fake one file), on the fake or on the real
 * cgroupfs alike.
 */
public class ForwardingCgroupFs implements CgroupFs {
    private final CgroupFs delegate;

    /** @param delegate where every call goes */
    public ForwardingCgroupFs(CgroupFs delegate) {
        this.delegate = Objects.requireNonNull(delegate);
    }

    /** @return where every call goes */
    protected CgroupFs delegate() {
        return delegate;
    }

    @Override
    public String read(String dir, String file) throws CgroupException {
        return delegate.read(dir, file);
    }

    @Override
    public void write(String dir, String file, String value) throws CgroupException {
        delegate.write(dir, file, value);
    }

    @Override
    public boolean mkdir(String dir) throws CgroupException {
        return delegate.mkdir(dir);
    }

    @Override
    public void rmdir(String dir) throws CgroupException {
        delegate.rmdir(dir);
    }

    @Override
    public List<String> list(String dir) throws CgroupException {
        return delegate.list(dir);
    }

    @Override
    public boolean exists(String dir) {
        return delegate.exists(dir);
    }

    @Override
    public boolean exists(String dir, String file) {
        return delegate.exists(dir, file);
    }

    @Override
    public void setDeviceProgram(String dir, byte[] program) throws CgroupException {
        delegate.setDeviceProgram(dir, program);
    }

    @Override
    public io.github.cgroups4j.events.EventSubscription watch(String dir, boolean unified,
            io.github.cgroups4j.events.EventRequest request,
            java.util.function.Consumer<io.github.cgroups4j.events.MemoryEvent> listener) throws CgroupException {
        return delegate.watch(dir, unified, request, listener);
    }
}
