package io.github.cgroups4j.fs.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.fs.RealCgroups;
import io.github.cgroups4j.spi.CgroupFs;

/**
 * The v2 core scenarios on this machine's cgroup2 mount (at {@code /sys/fs/cgroup/unified}, controllers bound to v1
 * except what v1 does not mount), within the shared testing rules; the root's {@code subtree_control} is only read.
 */
class RealV2CoreConformanceIT extends V2CoreConformance {
    @Override
    Machine machine() throws Exception {
        RealCgroups real = RealCgroups.require("");
        String offered = real.fs().read(real.mount(""), "cgroup.controllers").strip();
        String enabled = real.fs().read(real.mount(""), "cgroup.subtree_control").strip();
        assumeTrue(!offered.isEmpty() && enabled.isEmpty(), "needs a cgroup2 root that offers a controller and "
                + "enables none for its children (this machine's offers '" + offered + "', enables '" + enabled + "')");
        String unavailable = offered.split("\\s+")[0];
        return new Machine() {
            @Override
            public CgroupFs fs() {
                return real.fs();
            }

            @Override
            public String mine() throws CgroupException {
                return real.create("");
            }

            @Override
            public String root() {
                return real.mount("");
            }

            @Override
            public long task() throws Exception {
                return real.startSleep().pid();
            }

            @Override
            public String unavailableController() {
                return unavailable;
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
