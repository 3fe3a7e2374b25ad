package io.github.cgroups4j.fs.conformance;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.testkit.FakeCgroupFs;

/** The v2 controller scenarios on the testkit's unified fake, its root enabling every controller as systemd would. */
class FakeV2ControllersConformanceTest extends V2ControllersConformance {
    @Override
    Machine machine() throws CgroupException {
        FakeCgroupFs fake = FakeCgroupFs.unified();
        String controllers = fake.read("/sys/fs/cgroup", "cgroup.controllers").strip();
        fake.write("/sys/fs/cgroup", "cgroup.subtree_control", "+" + controllers.replace(" ", " +"));
        return new Machine() {
            @Override
            public CgroupFs fs() {
                return fake;
            }

            @Override
            public String mine() throws CgroupException {
                String dir = "/sys/fs/cgroup/cgroups4j-conformance";
                fake.mkdir(dir);
                return dir;
            }

            @Override
            public void close() {
            }
        };
    }
}
