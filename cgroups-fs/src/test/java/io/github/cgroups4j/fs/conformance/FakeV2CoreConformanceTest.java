package io.github.cgroups4j.fs.conformance;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.testkit.FakeCgroupFs;

/** The v2 core scenarios on the testkit's unified fake (whose root enables nothing until asked, like a bare boot). */
class FakeV2CoreConformanceTest extends V2CoreConformance {
    @Override
    Machine machine() {
        FakeCgroupFs fake = FakeCgroupFs.unified();
        return new Machine() {
            @Override
            public CgroupFs fs() {
                return fake;
            }

            @Override
            public String mine() throws CgroupException {
                String dir = root() + "/cgroups4j-conformance";
                fake.mkdir(dir);
                return dir;
            }

            @Override
            public String root() {
                return "/sys/fs/cgroup";
            }

            @Override
            public long task() {
                return fake.spawn();
            }

            @Override
            public String unavailableController() {
                return "hugetlb";
            }

            @Override
            public void close() {
            }
        };
    }
}
