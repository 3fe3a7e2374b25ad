package io.github.cgroups4j.fs.conformance;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.fs.RealCgroups;
import io.github.cgroups4j.spi.CgroupFs;

/**
 * The conformance scenarios on this machine's real cgroup v1 controllers, within the shared testing rules: every
 * cgroup below the test's own {@code cgroups4j-test-*}, only a {@code sleep} the test started, all removed.
 */
class RealV1ConformanceIT extends V1Conformance {
    @Override
    Machine machine() {
        RealCgroups real = RealCgroups.require("memory", "cpuset", "cpu", "pids", "freezer", "devices");
        return new Machine() {
            @Override
            public CgroupFs fs() {
                return real.fs();
            }

            @Override
            public String mount(String controller) {
                return real.mount(controller);
            }

            @Override
            public String mine(String controller) throws CgroupException {
                return real.create(controller);
            }

            @Override
            public long task() throws Exception {
                return real.startSleep().pid();
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
