package io.github.cgroups4j.fs.conformance;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.fs.NativeCgroupFs;
import io.github.cgroups4j.fs.vm.VmHost;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.UUID;

/** The v2 controller scenarios on a real cgroup v2 kernel with controllers: the VM of .ci/vm/run.sh. */
class RealV2ControllersConformanceVmIT extends V2ControllersConformance {
    @Override
    Machine machine() throws Exception {
        VmHost.require();
        NativeCgroupFs fs = NativeCgroupFs.open();
        String dir = "/sys/fs/cgroup/cgroups4j-conformance-" + UUID.randomUUID().toString().substring(0, 8);
        return new Machine() {
            @Override
            public CgroupFs fs() {
                return fs;
            }

            @Override
            public String mine() throws CgroupException {
                fs.mkdir(dir);
                return dir;
            }

            @Override
            public void close() {
                try {
                    if (fs.exists(dir)) {
                        fs.rmdir(dir);
                    }
                } catch (CgroupException e) {
                    throw new IllegalStateException(e);
                } finally {
                    fs.close();
                }
            }
        };
    }
}
