package io.github.cgroups4j.fs.conformance;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.testkit.FakeCgroupFs;

/** The conformance scenarios on the testkit's fake, as the modern hybrid machine this project builds on. */
class FakeV1ConformanceTest extends V1Conformance {
    @Override
    Machine machine() {
        FakeCgroupFs fake = FakeCgroupFs.modernHybrid();
        return new Machine() {
            @Override
            public CgroupFs fs() {
                return fake;
            }

            @Override
            public String mount(String controller) {
                return "/sys/fs/cgroup/" + controller;
            }

            @Override
            public String mine(String controller) throws CgroupException {
                String dir = mount(controller) + "/cgroups4j-conformance";
                fake.mkdir(dir);
                return dir;
            }

            @Override
            public long task() {
                return fake.spawn();
            }

            @Override
            public void close() {
            }
        };
    }
}
