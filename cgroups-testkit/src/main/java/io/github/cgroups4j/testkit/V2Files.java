package io.github.cgroups4j.testkit;

import static io.github.cgroups4j.testkit.FileKit.einval;
import static io.github.cgroups4j.testkit.FileKit.ro;
import static io.github.cgroups4j.testkit.FileKit.roValue;
import static io.github.cgroups4j.testkit.FileKit.rw;
import static io.github.cgroups4j.testkit.FileKit.value;
import static io.github.cgroups4j.testkit.FileKit.wo;

import io.github.cgroups4j.Errno;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The interface files of cgroup v2: the core files and each controller's, created as the parent enables it. */
final class V2Files {
    private static final String PSI = "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
            + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";

    private final FakeCgroupFs k;
    private final KernelProfile p;

    /** The controllers' files, one class each, by name. */
    private final Map<String, V2Controller> controllers = new LinkedHashMap<>();

    V2Files(FakeCgroupFs kernel, KernelProfile profile) {
        this.k = kernel;
        this.p = profile;
        for (V2Controller c : List.of(new V2Cpu(), new V2Cpuset(profile),
                new V2Memory(kernel, profile), new V2Io(profile), new V2Pids(kernel),
                new V2Hugetlb(profile), new V2Rdma(), new V2Misc())) {
            controllers.put(c.name(), c);
        }
    }

    void populate(Node n) {
        Map<String, FakeFile> f = n.files;
        f.put("cgroup.procs", rw(k::readProcs, (x, v) -> k.attach(x, v)));
        f.put("cgroup.threads", rw(k::readProcs, (x, v) -> k.attach(x, v)));
        f.put("cgroup.controllers", ro(x -> String.join(" ", controllers(x)) + "\n"));
        f.put("cgroup.subtree_control", rw(x -> String.join(" ", inKernelOrder(x, x.subtreeControl)) + "\n",
                this::subtreeControl));
        UnaryOperator<String> maxOrInt = s -> s.equals("max") ? s : Long.toString(FileKit.ranged(s, 0, Integer.MAX_VALUE));
        f.put("cgroup.max.descendants", value("cgroup.max.descendants", maxOrInt));
        f.put("cgroup.max.depth", value("cgroup.max.depth", maxOrInt));
        n.values.put("cgroup.max.descendants", "max");
        n.values.put("cgroup.max.depth", "max");
        f.put("cgroup.stat", ro(x -> "nr_descendants " + (x.subtreeCount() - 1) + "\nnr_dying_descendants 0\n"));
        f.put("cpu.stat", ro(this::cpuStat));
        n.values.put("#cpu.usage_usec", "0");
        for (String psi : List.of("cpu.pressure", "memory.pressure", "io.pressure")) {
            f.put(psi, roValue(psi));
            n.values.put(psi, PSI);
        }
        if (!n.isRoot()) {
            f.put("cgroup.type", ro(x -> "domain\n"));
            f.put("cgroup.events", ro(x -> "populated " + (x.populated() ? 1 : 0) + "\nfrozen " + (x.frozen() ? 1 : 0)
                    + "\n"));
            f.put("cgroup.freeze", rw(x -> (x.frozenSelf ? "1" : "0") + "\n",
                    (x, v) -> {
                        x.frozenSelf = FileKit.ranged(v, 0, 1) == 1;
                        if (!x.frozenSelf) {
                            k.reapKilled();
                        }
                    }));
            f.put("cgroup.kill", wo((x, v) -> {
                if (FileKit.ranged(v, 1, 1) == 1) {
                    k.killSubtree(x);
                }
            }));
            V2Memory.sync(n);
            for (String c : n.parent.subtreeControl) {
                addControllerFiles(n, c);
            }
        }
    }

    private List<String> controllers(Node x) {
        return x.isRoot() ? x.hierarchy.controllers : inKernelOrder(x, x.parent.subtreeControl);
    }

    /** The kernel lists controllers in its own order (cpuset cpu io memory hugetlb pids rdma misc), not as enabled. */
    private static List<String> inKernelOrder(Node x, java.util.Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String c : x.hierarchy.controllers) {
            if (names.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private String cpuStat(Node x) {
        String usage = x.values.getOrDefault("#cpu.usage_usec", "0");
        StringBuilder sb = new StringBuilder("usage_usec " + usage + "\nuser_usec 0\nsystem_usec 0\n");
        if (!x.isRoot() && x.parent.subtreeControl.contains("cpu")) {
            sb.append("nr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n");
        }
        return sb.toString();
    }

    private void subtreeControl(Node x, String v) {
        Map<String, Boolean> changes = new LinkedHashMap<>();
        for (String tok : v.split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            if (tok.length() < 2 || tok.charAt(0) != '+' && tok.charAt(0) != '-'
                    || !FakeCgroupFs.V2_CONTROLLERS.contains(tok.substring(1))) {
                throw einval(); // no sign, or a controller this kernel does not know
            }
            changes.put(tok.substring(1), tok.charAt(0) == '+');
        }
        List<String> available = controllers(x);
        for (Map.Entry<String, Boolean> e : changes.entrySet()) {
            String c = e.getKey();
            if (e.getValue()) {
                if (!available.contains(c)) {
                    throw new KernelError(Errno.ENOENT);
                }
                if (!x.isRoot() && !x.procs.isEmpty() && !x.subtreeControl.contains(c)) {
                    throw new KernelError(Errno.EBUSY); // no internal processes
                }
            } else {
                for (Node child : x.children.values()) {
                    if (child.subtreeControl.contains(c)) {
                        throw new KernelError(Errno.EBUSY);
                    }
                }
            }
        }
        for (Map.Entry<String, Boolean> e : changes.entrySet()) {
            String c = e.getKey();
            if (e.getValue() && x.subtreeControl.add(c)) {
                for (Node child : x.children.values()) {
                    V2Memory.sync(child);
                    addControllerFiles(child, c);
                }
            } else if (!e.getValue() && x.subtreeControl.remove(c)) {
                for (Node child : x.children.values()) {
                    child.files.keySet().removeIf(name -> owner(name).equals(c));
                    V2Memory.sync(child);
                }
            }
        }
    }

    /** Which controller an interface file belongs to ("" for core files). */
    static String owner(String file) {
        if (file.startsWith("cgroup.") || file.equals("cpu.stat") || file.endsWith(".pressure")) {
            return "";
        }
        int dot = file.indexOf('.');
        String prefix = dot < 0 ? file : file.substring(0, dot);
        return prefix;
    }

    private void addControllerFiles(Node n, String c) {
        V2Controller files = controllers.get(c);
        if (files != null) {
            files.populate(n); // perf_event and others have no interface files
        }
    }
}
