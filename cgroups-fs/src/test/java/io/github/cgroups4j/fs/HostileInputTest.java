package io.github.cgroups4j.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.HugepageLimit;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.ThrottleDevice;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * [H] Hostile input is refused before any write: each case either cannot be built (IllegalArgumentException naming
 * the field) or is refused by the manager with a CgroupException, and the fake records no write, mkdir or rmdir.
 * On the v1 and the v2 fake alike.
 */
class HostileInputTest {
    private static final String LONG = "a".repeat(256);

    /** A hostile request: a config (maybe with resources), and what is done with the manager. */
    private record Case(String what, Supplier<CgroupConfig> config, Action action) {
    }

    private interface Action {
        void run(CgroupManager m, FakeCgroupFs fs) throws Exception;
    }

    private static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (String path : List.of("/a/../b", "../escape", "/a/./b", "/a\0b", "/a\nb", "/" + LONG, "/ok/" + LONG)) {
            out.add(new Case("path " + path.replace("\n", "\\n").replace("\0", "\\0"),
                    () -> CgroupConfig.forPath(path).build(), (m, fs) -> m.apply(CgroupManager.NO_PID)));
        }
        out.add(new Case("name ..", () -> CgroupConfig.forName("/p", "..").build(), (m, fs) -> m.apply(-1)));
        out.add(new Case("parent with ..", () -> CgroupConfig.forName("/p/../q", "n").build(), (m, fs) -> m.apply(-1)));
        Map<String, Supplier<Resources>> resources = Map.ofEntries(
                Map.entry("unified key that is a path", () -> Resources.builder().unified("../memory.max", "1").build()),
                Map.entry("unified key absolute", () -> Resources.builder().unified("/etc/passwd", "x").build()),
                Map.entry("unified key with a slash", () -> Resources.builder().unified("memory.max/x", "1").build()),
                Map.entry("unified value with a newline", () -> Resources.builder().unified("memory.high", "100\nmax")
                        .build()),
                Map.entry("negative memory", () -> Resources.builder().memory(-5).build()),
                Map.entry("swap below memory", () -> Resources.builder().memory(64L << 20).memorySwap(32L << 20)
                        .build()),
                Map.entry("cpu shares out of range", () -> Resources.builder().cpuShares(-5).build()),
                Map.entry("cpu period overflowing", () -> Resources.builder().cpuPeriod(Long.MAX_VALUE).build()),
                Map.entry("cpu quota overflowing", () -> Resources.builder().cpuQuota(Long.MAX_VALUE).build()),
                Map.entry("cpuset list malformed", () -> Resources.builder().cpusetCpus("0-x").build()),
                Map.entry("cpuset list reversed", () -> Resources.builder().cpusetCpus("3-1").build()),
                Map.entry("cpuset with a newline", () -> Resources.builder().cpusetMems("0\n1").build()),
                Map.entry("device type", () -> Resources.builder().device(new DeviceRule('x', 1, 3, "rwm", true))
                        .build()),
                Map.entry("device permissions", () -> Resources.builder().device(new DeviceRule('c', 1, 3, "rwx",
                        true)).build()),
                Map.entry("device number negative", () -> Resources.builder().device(new DeviceRule('c', -7, 3, "r",
                        true)).build()),
                Map.entry("hugetlb size with a slash", () -> Resources.builder().hugetlbLimit(new HugepageLimit(
                        "2MB/../x", 1)).build()),
                Map.entry("throttle rate negative", () -> Resources.builder().blkioThrottleReadBpsDevice(
                        new ThrottleDevice(8, 0, -1)).build()),
                Map.entry("rdma device with a space", () -> Resources.builder().rdma("mlx5 0",
                        new io.github.cgroups4j.RdmaLimit(java.util.OptionalLong.of(1), java.util.OptionalLong.empty()))
                        .build()),
                Map.entry("pids limit negative", () -> Resources.builder().pidsLimit(Limit.of(-3)).build()));
        resources.forEach((what, r) -> out.add(new Case(what, () -> CgroupConfig.forPath("/h").resources(r.get())
                .build(), (m, fs) -> {
                    m.apply(CgroupManager.NO_PID);
                    m.set(m.config().resources());
                })));
        for (String sub : List.of("../x", "a/../../x", "/abs", "a\nb", "a\0b", ".", "./x")) {
            out.add(new Case("addPid into " + sub.replace("\n", "\\n").replace("\0", "\\0"),
                    () -> CgroupConfig.forPath("/h").build(), (m, fs) -> m.addPid(sub, fs.spawn())));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void everyHostileCaseIsRefusedBeforeAnyWrite(String version) throws Exception {
        int refusedByModel = 0;
        int refusedByManager = 0;
        for (Case c : cases()) {
            FakeCgroupFs fs = version.equals("v1") ? FakeCgroupFs.modernHybrid() : FakeCgroupFs.unified();
            CgroupConfig config;
            try {
                config = c.config().get();
            } catch (IllegalArgumentException e) {
                refusedByModel++;
                continue; // refused where the value is made: nothing reached any file
            }
            boolean addPid = c.what().startsWith("addPid");
            CgroupManager m = CgroupfsManagers.create(config, fs, fs.procFs());
            if (addPid) {
                m.apply(CgroupManager.NO_PID);
            }
            fs.clearOperations();
            try {
                c.action().run(m, fs);
                fail(version + ": " + c.what() + " was accepted");
            } catch (CgroupException | IllegalArgumentException e) {
                refusedByManager++;
            }
            List<FakeOp> changes = fs.operations().stream().filter(o -> o.kind() != FakeOp.Kind.READ
                    && o.kind() != FakeOp.Kind.LIST).toList();
            assertEquals(List.of(), changes, version + ": " + c.what() + " wrote before it was refused");
        }
        assertEquals(cases().size(), refusedByModel + refusedByManager);
        assertThrows(IllegalArgumentException.class, () -> CgroupConfig.forPath("/" + LONG).build(),
                "NAME_MAX is checked where the path is made");
    }
}
