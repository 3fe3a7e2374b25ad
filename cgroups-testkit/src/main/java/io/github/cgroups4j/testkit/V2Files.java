package io.github.cgroups4j.testkit;

import static io.github.cgroups4j.testkit.FileKit.PAGE;
import static io.github.cgroups4j.testkit.FileKit.einval;
import static io.github.cgroups4j.testkit.FileKit.integer;
import static io.github.cgroups4j.testkit.FileKit.range;
import static io.github.cgroups4j.testkit.FileKit.ro;
import static io.github.cgroups4j.testkit.FileKit.roValue;
import static io.github.cgroups4j.testkit.FileKit.rw;
import static io.github.cgroups4j.testkit.FileKit.value;
import static io.github.cgroups4j.testkit.FileKit.wo;

import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.parse.CpuList;
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

    V2Files(FakeCgroupFs kernel, KernelProfile profile) {
        this.k = kernel;
        this.p = profile;
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
                    addControllerFiles(child, c);
                }
            } else if (!e.getValue() && x.subtreeControl.remove(c)) {
                for (Node child : x.children.values()) {
                    child.files.keySet().removeIf(name -> owner(name).equals(c));
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

    private static CpuList list(String s) {
        try {
            return CpuList.parse(s);
        } catch (CgroupParseException e) {
            throw einval();
        }
    }

    private void addControllerFiles(Node n, String c) {
        Map<String, FakeFile> f = n.files;
        switch (c) {
            case "cpu" -> {
                f.put("cpu.weight", value("cpu.weight", v -> Long.toString(FileKit.ranged(v, 1, 10000))));
                n.values.put("cpu.weight", "100");
                f.put("cpu.weight.nice", value("cpu.weight.nice", range(-20, 19)));
                n.values.put("cpu.weight.nice", "0");
                f.put("cpu.max", value("cpu.max", V2Files::cpuMax));
                // (a quota alone keeps the current period, as the kernel does)
                n.values.put("cpu.max", "max 100000");
                f.put("cpu.max.burst", value("cpu.max.burst", range(0, Long.MAX_VALUE / 1000)));
                n.values.put("cpu.max.burst", "0");
                f.put("cpu.idle", value("cpu.idle", range(0, 1)));
                n.values.put("cpu.idle", "0");
            }
            case "cpuset" -> {
                for (String which : List.of("cpus", "mems")) {
                    String name = "cpuset." + which;
                    f.put(name, value(name, s -> list(s).toString()));
                    n.values.put(name, "");
                    f.put(name + ".effective", ro(x -> effective(x, name) + "\n"));
                }
                f.put("cpuset.cpus.partition", value("cpuset.cpus.partition", s -> {
                    if (!List.of("member", "root", "isolated").contains(s)) {
                        throw einval();
                    }
                    return s;
                }));
                n.values.put("cpuset.cpus.partition", "member");
            }
            case "memory" -> {
                // page_counter_memparse: "max" or a size; "-1" is not v2's (EINVAL)
                UnaryOperator<String> bytes = s -> s.equals("max") ? s : s.startsWith("-") ? FileKit.fail()
                        : Long.toString(FileKit.memparse(s, p.pageSize()));
                for (String lim : List.of("memory.min", "memory.low", "memory.high", "memory.max", "memory.swap.max")) {
                    f.put(lim, value(lim, bytes));
                    n.values.put(lim, lim.equals("memory.min") || lim.equals("memory.low") ? "0" : "max");
                }
                for (String stat : List.of("memory.current", "memory.peak", "memory.swap.current")) {
                    f.put(stat, roValue(stat));
                    n.values.put(stat, "0\n");
                }
                f.put("memory.events", ro(x -> "low 0\nhigh 0\nmax 0\noom " + k.subtreeOomKills(x) + "\noom_kill "
                        + k.subtreeOomKills(x) + "\n"));
                f.put("memory.events.local", ro(x -> "low 0\nhigh 0\nmax 0\noom " + x.oomKills + "\noom_kill "
                        + x.oomKills + "\n"));
                f.put("memory.swap.events", ro(x -> "high 0\nmax 0\nfail 0\n"));
                f.put("memory.oom.group", value("memory.oom.group", range(0, 1)));
                n.values.put("memory.oom.group", "0");
                f.put("memory.stat", roValue("memory.stat"));
                n.values.put("memory.stat", "anon 0\nfile 0\nkernel 0\nkernel_stack 0\npagetables 0\nsock 0\n"
                        + "shmem 0\nfile_mapped 0\nfile_dirty 0\nfile_writeback 0\nswapcached 0\ninactive_anon 0\n"
                        + "active_anon 0\ninactive_file 0\nactive_file 0\nunevictable 0\npgfault 0\npgmajfault 0\n");
            }
            case "io" -> {
                Map<String, String> max = new LinkedHashMap<>();
                f.put("io.max", rw(x -> {
                    StringBuilder sb = new StringBuilder();
                    max.forEach((dev, v) -> sb.append(dev).append(' ').append(v).append('\n'));
                    return sb.toString();
                }, (x, v) -> {
                    String[] parts = v.split("\\s+");
                    long[] dev = FileKit.device(parts[0]);
                    Map<String, String> lim = new LinkedHashMap<>();
                    for (String key : List.of("rbps", "wbps", "riops", "wiops")) {
                        lim.put(key, "max");
                    }
                    String key = dev[0] + ":" + dev[1];
                    if (max.containsKey(key)) {
                        for (String kv : max.get(key).split(" ")) {
                            lim.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                        }
                    }
                    for (int i = 1; i < parts.length; i++) {
                        int eq = parts[i].indexOf('=');
                        if (eq <= 0 || !lim.containsKey(parts[i].substring(0, eq))) {
                            throw einval();
                        }
                        String val = parts[i].substring(eq + 1);
                        lim.put(parts[i].substring(0, eq), val.equals("max") ? val
                                : Long.toString(integer(val, 1, Long.MAX_VALUE)));
                    }
                    StringBuilder sb = new StringBuilder();
                    lim.forEach((kk, vv) -> sb.append(sb.length() == 0 ? "" : " ").append(kk).append('=').append(vv));
                    if (lim.values().stream().allMatch("max"::equals)) {
                        max.remove(key);
                    } else {
                        max.put(key, sb.toString());
                    }
                }));
                f.put("io.weight", value("io.weight", s -> {
                    String w = s.startsWith("default ") ? s.substring(8) : s;
                    return "default " + integer(w, 1, 10000);
                }));
                n.values.put("io.weight", "default 100");
                if (!p.cfqBlkio()) {
                    f.put("io.bfq.weight", value("io.bfq.weight", s -> {
                        String w = s.startsWith("default ") ? s.substring(8) : s;
                        return "default " + integer(w, 1, 1000);
                    }));
                    n.values.put("io.bfq.weight", "default 100");
                }
                f.put("io.stat", roValue("io.stat"));
                n.values.put("io.stat", "");
            }
            case "pids" -> {
                f.put("pids.max", value("pids.max", s -> s.equals("max") ? s : Long.toString(integer(s, 0, 4194304))));
                n.values.put("pids.max", "max");
                f.put("pids.current", ro(x -> k.subtreeProcCount(x) + "\n"));
                f.put("pids.peak", ro(x -> k.subtreeProcCount(x) + "\n"));
                f.put("pids.events", ro(x -> "max " + x.values.getOrDefault("#pids.events.max", "0") + "\n"));
            }
            case "hugetlb" -> {
                for (String size : p.hugePageSizes()) {
                    for (String lim : List.of("hugetlb." + size + ".max", "hugetlb." + size + ".rsvd.max")) {
                        f.put(lim, value(lim, s -> s.equals("max") ? s : Long.toString(integer(s, 0, Long.MAX_VALUE))));
                        n.values.put(lim, "max");
                    }
                    for (String stat : List.of("hugetlb." + size + ".current", "hugetlb." + size + ".rsvd.current")) {
                        f.put(stat, roValue(stat));
                        n.values.put(stat, "0\n");
                    }
                    f.put("hugetlb." + size + ".events", ro(x -> "max 0\n"));
                }
            }
            case "rdma" -> {
                f.put("rdma.max", rw(x -> "", (x, v) -> {
                    throw new KernelError(Errno.ENODEV);
                }));
                f.put("rdma.current", ro(x -> ""));
            }
            case "misc" -> {
                f.put("misc.max", rw(x -> "", (x, v) -> {
                    throw einval();
                }));
                f.put("misc.current", ro(x -> ""));
                f.put("misc.events", ro(x -> ""));
            }
            default -> {
                // perf_event and others have no interface files
            }
        }
    }

    private String effective(Node x, String name) {
        for (Node n = x; n != null; n = n.parent) {
            if (n.isRoot()) {
                return name.equals("cpuset.cpus") ? (p.cpus() == 1 ? "0" : "0-" + (p.cpus() - 1)) : "0";
            }
            String v = n.values.get(name);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private static String cpuMax(Node n, String s) {
        String[] parts = s.split("\\s+");
        if (parts.length < 1 || parts.length > 2) {
            throw einval();
        }
        String quota = parts[0].equals("max") ? "max" : Long.toString(integer(parts[0], 1000, Long.MAX_VALUE / 1000));
        String current = n.values.getOrDefault("cpu.max", "max 100000");
        String period = parts.length == 2 ? Long.toString(integer(parts[1], 1000, 1_000_000))
                : current.substring(current.indexOf(' ') + 1);
        return quota + " " + period;
    }
}
