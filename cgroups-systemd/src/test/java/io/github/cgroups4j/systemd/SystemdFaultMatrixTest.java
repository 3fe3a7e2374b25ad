package io.github.cgroups4j.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.systemd.internal.DeviceLookup;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.FakeOp;
import io.github.cgroups4j.testkit.Fault;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * [H] for the systemd driver: a container's life (apply, set with device rules, addPid, destroy) runs once cleanly
 * over a fake systemd on the fake cgroupfs; then again with each cgroupfs operation the driver made failing once
 * with each of six errnos, and with each D-Bus call failing once. Whatever fails: a failed apply leaves no unit,
 * no directory it made, and the process alive where it was; a pre-existing cgroup is never changed; and after the
 * faults, {@code destroy(true)} brings the machine back to what it was.
 */
class SystemdFaultMatrixTest {
    private static final List<Errno> ERRNOS = List.of(Errno.EINTR, Errno.EBUSY, Errno.ENOSPC, Errno.EIO,
            Errno.EACCES, Errno.ENOENT);

    private static final class World {
        final FakeCgroupFs fs;
        final FakeSystemd systemd;
        final boolean v2;
        final String preExisting;
        final long pid;
        final long pid2;
        final TreeSet<String> baseline;
        final Map<String, String> pidWasIn = new HashMap<>();

        World(String version) throws CgroupException {
            v2 = version.equals("v2");
            fs = v2 ? FakeCgroupFs.unified() : FakeCgroupFs.modernHybrid();
            systemd = new FakeSystemd(fs, v2);
            List<String> roots = new ArrayList<>();
            for (String line : fs.procFs().mountInfo().split("\n")) {
                if (line.contains(" - cgroup")) {
                    roots.add(line.split(" ")[4]);
                }
            }
            if (v2) {
                fs.write("/sys/fs/cgroup", "cgroup.subtree_control", "+memory +cpu +pids");
            }
            for (String r : roots) {
                fs.mkdir(r + "/system.slice"); // a systemd host has it
            }
            if (v2) {
                fs.write("/sys/fs/cgroup/system.slice", "cgroup.subtree_control", "+memory +cpu +pids");
            }
            preExisting = (v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory") + "/system.slice/other.scope";
            fs.mkdir(preExisting);
            fs.write(preExisting, v2 ? "memory.max" : "memory.limit_in_bytes", "1G");
            pid = fs.spawn();
            pid2 = fs.spawn();
            baseline = tree(fs);
            fs.clearOperations();
        }

        SystemdManager manager() throws CgroupException {
            Resources r = Resources.builder().memory(64L << 20).pidsLimit(32).cpuQuota(50_000).cpuPeriod(100_000)
                    .device(DeviceRule.allow('c', 1, 3, "rwm")).build();
            return SystemdManager.create(SystemdNames.parse("system.slice:cgroups4j:c1").resources(r).build(),
                    Map.of(), systemd, fs, systemd.procFs(), DeviceLookup.NONE);
        }

        Map<String, String> where(long p, CgroupManager m) {
            Map<String, String> out = new HashMap<>();
            for (String h : m.paths().keySet()) {
                out.put(h, fs.cgroupOf(p, h));
            }
            return out;
        }
    }

    /** Every cgroup directory of every mount. */
    private static TreeSet<String> tree(FakeCgroupFs fs) {
        return new TreeSet<>(fs.directories());
    }

    private interface Call {
        void run() throws CgroupException;
    }

    /** The life; returns the index of the call that failed, or -1. */
    private static int life(World w, CgroupManager m) {
        List<Call> calls = List.of(() -> m.apply(w.pid), () -> m.set(m.config().resources()),
                () -> m.addPid("", w.pid2), () -> {
                    w.fs.exit(w.pid);
                    w.fs.exit(w.pid2);
                }, m::destroy);
        for (int i = 0; i < calls.size(); i++) {
            try {
                calls.get(i).run();
            } catch (CgroupException | RuntimeException e) {
                if (e instanceof RuntimeException) {
                    throw (RuntimeException) e;
                }
                return i;
            }
        }
        return -1;
    }

    private static void check(World w, CgroupManager m, int at, Map<String, String> before, String c)
            throws CgroupException {
        if (at == 0) {
            assertTrue(w.systemd.units.isEmpty(), c + ": a failed apply left the unit " + w.systemd.units.keySet());
            assertTrue(w.fs.processes().contains(w.pid), c + ": a failed apply killed the process");
            assertEquals(before, w.where(w.pid, m), c + ": the process is not back where it was");
            assertEquals(w.baseline, tree(w.fs), c + ": a failed apply left directories");
        }
        w.fs.clearFaults();
        w.systemd.failMethod = null;
        assertTrue(w.fs.exists(w.preExisting), c + ": the pre-existing cgroup is gone");
        assertEquals("1073741824", w.fs.read(w.preExisting, w.v2 ? "memory.max" : "memory.limit_in_bytes")
                .strip(), c + ": the pre-existing cgroup was changed");
        m.destroy(true);
        for (long p : List.of(w.pid, w.pid2)) {
            if (w.fs.processes().contains(p)) {
                w.fs.exit(p);
            }
        }
        assertTrue(w.systemd.units.isEmpty(), c + ": a unit is left");
        assertEquals(w.baseline, tree(w.fs), c + ": the machine is not back to what it was");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void everyOperationAndEveryDbusCallFailingOnce(String version) throws Exception {
        World clean = new World(version);
        SystemdManager cm = clean.manager();
        assertEquals(-1, life(clean, cm), "the clean run");
        assertEquals(clean.baseline, tree(clean.fs), "the clean run leaves the machine as it was");
        // the driver's own operations (not the fake systemd's), each with its rank among the operations on that
        // file, systemd's included, as Fault.nth counts them
        List<FakeOp> all = clean.fs.operations();
        List<FakeOp> ops = new ArrayList<>();
        List<Integer> ranks = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            FakeOp op = all.get(i);
            if (!op.ok()) {
                continue;
            }
            int nth = seen.merge(op.kind() + " " + (op.file() == null ? op.dir() : op.dir() + "/" + op.file()), 1,
                    Integer::sum);
            if (!clean.systemd.isOwn(i)) {
                ops.add(op);
                ranks.add(nth);
            }
        }
        Set<String> dbus = new LinkedHashSet<>();
        Map<String, Integer> counts = new HashMap<>();
        for (FakeSystemd.Call call : clean.systemd.calls) {
            String method = call.method().equals("Get") ? "Get " + call.unit().substring(call.unit().indexOf(' ')
                    + 1) : call.method();
            dbus.add(method + "#" + counts.merge(method, 1, Integer::sum));
        }

        int cases = 0;
        for (int k = 0; k < ops.size(); k++) {
            FakeOp op = ops.get(k);
            String path = op.file() == null ? op.dir() : op.dir() + "/" + op.file();
            int nth = ranks.get(k);
            for (Errno errno : ERRNOS) {
                cases++;
                World w = new World(version);
                SystemdManager m = w.manager();
                Map<String, String> before = w.where(w.pid, m);
                w.fs.inject(Fault.on(op.kind(), path).errno(errno).nth(nth));
                check(w, m, life(w, m), before, version + " " + op.kind() + " " + path + " #" + nth + " " + errno);
            }
        }
        for (String call : dbus) {
            cases++;
            World w = new World(version);
            SystemdManager m = w.manager();
            Map<String, String> before = w.where(w.pid, m);
            w.systemd.failMethod = call.substring(0, call.indexOf('#'));
            w.systemd.failNth = Integer.parseInt(call.substring(call.indexOf('#') + 1));
            check(w, m, life(w, m), before, version + " D-Bus " + call);
        }
        System.out.println(version + ": " + cases + " cases: " + ops.size() + " cgroupfs operations x "
                + ERRNOS.size() + " errnos, and " + dbus.size() + " D-Bus calls " + dbus);
        assertTrue(cases > 50, "cases " + cases);
    }
}
