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
            public void oomKillAGrowingTaskIn(String dir, String limited) throws CgroupException {
                long pid = fake.spawn();
                fake.write(dir, "cgroup.procs", Long.toString(pid));
                fake.oomKill(limited, pid); // the kernel's choice: the task that grows, the largest
            }

            @Override
            public void idleTaskIn(String dir) throws CgroupException {
                fake.write(dir, "cgroup.procs", Long.toString(fake.spawn()));
            }

            @Override
            public void growPastMemoryHighIn(String dir) throws CgroupException {
                long pid = fake.spawn();
                fake.write(dir, "cgroup.procs", Long.toString(pid));
                fake.memoryEvent(dir, "high");
                fake.exit(pid);
            }

            @Override
            public void close() {
            }
        };
    }
}
