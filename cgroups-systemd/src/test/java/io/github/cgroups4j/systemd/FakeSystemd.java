package io.github.cgroups4j.systemd;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupException.Operation;
import io.github.cgroups4j.spi.ProcFs;
import io.github.cgroups4j.systemd.internal.SystemdBus;
import io.github.cgroups4j.systemd.internal.UnitProperty;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A systemd for unit tests, over the testkit's fake cgroupfs: a started unit gets its cgroup in the hierarchies
 * systemd manages (name=systemd, memory, cpu, cpuacct, pids, blkio on v1; the cgroup2 tree on v2) with the PIDs moved
 * in; a stopped one has its tasks ended and those cgroups removed. Every call is recorded.
 */
final class FakeSystemd implements SystemdBus {
    /** The v1 hierarchies systemd manages with Memory/CPU/Tasks/BlockIO accounting on. */
    static final List<String> MANAGED_V1 = List.of("name=systemd", "memory", "cpu", "cpuacct", "pids", "blkio");

    record Call(String method, String unit, List<UnitProperty> properties, int opsBefore) {
    }

    private final FakeCgroupFs fs;
    private final boolean v2;
    final List<Call> calls = new ArrayList<>();
    final Map<String, List<UnitProperty>> units = new LinkedHashMap<>();
    String version = "252.39-1~deb12u2";
    /** What the next jobs end with, one per job; "done" when empty. */
    final List<String> jobResults = new ArrayList<>();
    /** Set to make ControlGroup report another place than the one systemd really used. */
    String controlGroupOverride;
    /** Runs inside SetUnitProperties (to look at the cgroupfs at that moment). */
    Consumer<String> onSet = u -> { };
    /** UnitExists answers still to give, whatever is loaded. */
    int unitExistsAnswers;
    /** A call to fail: "method" and which of its calls (1 = the first), with a D-Bus error; null for none. */
    String failMethod;
    int failNth;
    private final Map<String, Integer> callCounts = new LinkedHashMap<>();
    /** Indices into the cgroupfs' operation log of what this fake systemd did itself (not the driver). */
    final List<int[]> ownOps = new ArrayList<>();

    private void maybeFail(String method, String unit) throws SystemdException {
        int n = callCounts.merge(method, 1, Integer::sum);
        if (method.equals(failMethod) && n == failNth) {
            throw new SystemdException(Operation.APPLY, unit, method, "org.freedesktop.DBus.Error.Failed",
                    "systemd: injected failure of " + method, null);
        }
    }

    boolean isOwn(int opIndex) {
        return ownOps.stream().anyMatch(r -> opIndex >= r[0] && opIndex < r[1]);
    }

    FakeSystemd(FakeCgroupFs fs, boolean v2) {
        this.fs = fs;
        this.v2 = v2;
    }

    /** @return the fake's procfs, with PID 1 (systemd) in {@code /init.scope} of name=systemd and at the root elsewhere */
    ProcFs procFs() {
        ProcFs real = fs.procFs();
        return new ProcFs() {
            @Override
            public String mountInfo() throws CgroupException {
                return real.mountInfo();
            }

            @Override
            public String cgroup(long pid) throws CgroupException {
                if (pid != 1) {
                    return real.cgroup(pid);
                }
                StringBuilder sb = new StringBuilder();
                for (String line : real.cgroup(ProcFs.SELF).split("\n")) {
                    String[] f = line.split(":", 3);
                    sb.append(f[0]).append(':').append(f[1]).append(':')
                            .append(f[1].equals("name=systemd") || v2 ? "/init.scope" : "/").append('\n');
                }
                return sb.toString();
            }

            @Override
            public String status(long pid) throws CgroupException {
                return real.status(pid);
            }

            @Override
            public String cgroups() throws CgroupException {
                return real.cgroups();
            }

            @Override
            public String kernelRelease() throws CgroupException {
                return real.kernelRelease();
            }

            @Override
            public long pageSize() throws CgroupException {
                return real.pageSize();
            }

            @Override
            public List<String> hugePageDirectories() throws CgroupException {
                return real.hugePageDirectories();
            }

            @Override
            public String uidMap() throws CgroupException {
                return real.uidMap();
            }

            @Override
            public void kill(long pid, int signal) throws CgroupException {
                real.kill(pid, signal);
            }
        };
    }

    List<String> methods() {
        return calls.stream().map(c -> c.method() + " " + c.unit()).toList();
    }

    private String relative(String unit) {
        return "/system.slice/" + unit;
    }

    private List<String> dirs(String unit) {
        List<String> out = new ArrayList<>();
        if (v2) {
            out.add("/sys/fs/cgroup" + relative(unit));
        } else {
            for (String h : MANAGED_V1) {
                String mount = "/sys/fs/cgroup/" + (h.equals("name=systemd") ? "systemd" : h);
                if (fs.exists(mount)) {
                    out.add(mount + relative(unit));
                }
            }
        }
        return out;
    }

    private static Optional<UnitProperty> prop(List<UnitProperty> props, String name) {
        return props.stream().filter(p -> p.getName().equals(name)).reduce((a, b) -> b);
    }

    @Override
    public synchronized String managerProperty(String property) throws CgroupException {
        calls.add(new Call("Get", property, List.of(), fs.operations().size()));
        maybeFail("Get " + property, "systemd");
        return switch (property) {
            case "Version" -> version;
            case "ControlGroup" -> "/user.slice/user-1000.slice/user@1000.service";
            default -> "";
        };
    }

    @Override
    public synchronized CompletableFuture<String> startTransientUnit(String unit, List<UnitProperty> properties)
            throws CgroupException {
        calls.add(new Call("StartTransientUnit", unit, properties, fs.operations().size()));
        maybeFail("StartTransientUnit", unit);
        if (unitExistsAnswers > 0 || units.containsKey(unit)) {
            if (unitExistsAnswers > 0) {
                unitExistsAnswers--;
            }
            throw new SystemdException(Operation.APPLY, unit, "StartTransientUnit", SystemdException.UNIT_EXISTS,
                    "systemd: Unit " + unit + " already exists.", null);
        }
        String result = jobResults.isEmpty() ? "done" : jobResults.remove(0);
        int from = fs.operations().size();
        try {
            startIn(unit, properties, result);
        } catch (CgroupException | IllegalStateException e) {
            // systemd could not realize the unit's cgroup: the job fails and the unit goes
            units.remove(unit);
            for (String d : dirs(unit)) {
                try {
                    if (fs.exists(d) && fs.read(d, "cgroup.procs").isBlank()) {
                        fs.rmdir(d);
                    }
                } catch (CgroupException ignored) {
                    // best effort, as systemd's own cleanup
                }
            }
            result = "failed";
        } finally {
            ownOps.add(new int[] {from, fs.operations().size()});
        }
        return CompletableFuture.completedFuture(result);
    }

    private void startIn(String unit, List<UnitProperty> properties, String result) throws CgroupException {
        if (result.equals("done")) {
            units.put(unit, new ArrayList<>(properties));
            for (String d : dirs(unit)) {
                mkdirs(d);
                prop(properties, "PIDs").ifPresent(p -> {
                    for (Object pid : (List<?>) p.getValue().getValue()) {
                        try {
                            fs.write(d, "cgroup.procs", pid.toString());
                        } catch (CgroupException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
            }
        }
    }

    private void mkdirs(String dir) throws CgroupException {
        if (fs.exists(dir)) {
            return;
        }
        mkdirs(dir.substring(0, dir.lastIndexOf('/')));
        fs.mkdir(dir);
    }

    @Override
    public synchronized CompletableFuture<String> stopUnit(String unit) throws CgroupException {
        calls.add(new Call("StopUnit", unit, List.of(), fs.operations().size()));
        maybeFail("StopUnit", unit);
        if (!units.containsKey(unit)) {
            throw new SystemdException(Operation.DESTROY, unit, "StopUnit", SystemdException.NO_SUCH_UNIT,
                    "systemd: Unit " + unit + " not loaded.", null);
        }
        units.remove(unit);
        int from = fs.operations().size();
        try {
            stopIn(unit);
        } finally {
            ownOps.add(new int[] {from, fs.operations().size()});
        }
        return CompletableFuture.completedFuture("done");
    }

    private void stopIn(String unit) throws CgroupException {
        for (String d : dirs(unit)) {
            if (!fs.exists(d)) {
                continue;
            }
            for (String line : fs.read(d, "cgroup.procs").split("\n")) {
                if (!line.isBlank()) {
                    fs.exit(Long.parseLong(line.strip())); // systemd signals what is in a stopped scope
                }
            }
            fs.rmdir(d);
        }
    }

    @Override
    public synchronized void resetFailedUnit(String unit) throws CgroupException {
        calls.add(new Call("ResetFailedUnit", unit, List.of(), fs.operations().size()));
        maybeFail("ResetFailedUnit", unit);
    }

    @Override
    public synchronized void setUnitProperties(String unit, List<UnitProperty> properties) throws CgroupException {
        calls.add(new Call("SetUnitProperties", unit, properties, fs.operations().size()));
        maybeFail("SetUnitProperties", unit);
        if (!units.containsKey(unit)) {
            throw new SystemdException(Operation.SET, unit, "SetUnitProperties", SystemdException.NO_SUCH_UNIT,
                    "systemd: Unit " + unit + " not loaded.", null);
        }
        onSet.accept(unit);
        units.get(unit).addAll(properties);
    }

    @Override
    public synchronized Optional<Object> unitProperty(String unit, String iface, String property)
            throws CgroupException {
        calls.add(new Call("Get", unit + " " + property, List.of(), fs.operations().size()));
        maybeFail("Get " + property, unit);
        if (!units.containsKey(unit)) {
            return Optional.empty();
        }
        if (property.equals("ControlGroup")) {
            return Optional.of(controlGroupOverride != null ? controlGroupOverride : relative(unit));
        }
        return prop(units.get(unit), property).map(p -> p.getValue().getValue());
    }

    /** LoadState and ActiveState a test sets for a unit the fake does not run (a failed one, a deleted file). */
    final Map<String, String> states = new LinkedHashMap<>();

    @Override
    public synchronized String loadState(String unit) {
        return units.containsKey(unit) ? "loaded active" : states.getOrDefault(unit, "not-found inactive");
    }

    @Override
    public void close() {
    }
}
