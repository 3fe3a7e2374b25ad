package io.github.cgroups4j.testkit;

import static io.github.cgroups4j.testkit.FileKit.clamped;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The interface files of cgroup v1 controllers, with the kernel's defaults and write rules. */
final class V1Files {
    private final FakeCgroupFs k;
    private final KernelProfile p;

    V1Files(FakeCgroupFs kernel, KernelProfile profile) {
        this.k = kernel;
        this.p = profile;
    }

    /** File tables and default values, built once per hierarchy for its root and once for its other cgroups. */
    private final Map<String, Map<String, FakeFile>> tables = new java.util.HashMap<>();
    private final Map<String, Map<String, String>> defaults = new java.util.HashMap<>();

    void populate(Node n) {
        String key = n.hierarchy.mountPoint + (n.isRoot() ? "#root" : "#child");
        Map<String, FakeFile> table = tables.get(key);
        if (table != null) {
            n.files = table;
            n.values.putAll(defaults.get(key));
            inherit(n);
            return;
        }
        build(n);
        inherit(n);
        n.files = java.util.Collections.unmodifiableMap(n.files);
        tables.put(key, n.files);
        defaults.put(key, new java.util.HashMap<>(n.values));
    }

    /** The defaults that depend on the parent, computed for every new cgroup. */
    private void inherit(Node n) {
        if (n.isRoot()) {
            return;
        }
        Map<String, String> pv = n.parent.values;
        n.values.put("cgroup.clone_children", pv.getOrDefault("cgroup.clone_children", "0"));
        Hierarchy h = n.hierarchy;
        if (h.has("cpuset")) {
            boolean clone = "1".equals(pv.get("cgroup.clone_children"));
            n.values.put("cpuset.cpus", clone ? pv.get("cpuset.cpus") : "");
            n.values.put("cpuset.mems", clone ? pv.get("cpuset.mems") : "");
        }
        if (h.has("memory")) {
            n.values.put("memory.use_hierarchy", pv.get("memory.use_hierarchy"));
        }
        if (h.has("devices")) {
            n.devicesAllowAll = n.parent.devicesAllowAll;
            for (Node.DeviceException e : n.parent.deviceExceptions) {
                n.deviceExceptions.add(e.copy());
            }
        }
    }

    private void build(Node n) {
        Map<String, FakeFile> f = n.files;
        f.put("cgroup.procs", rw(k::readProcs, (node, v) -> k.attach(node, v)));
        f.put("tasks", rw(k::readProcs, (node, v) -> k.attach(node, v)));
        f.put("cgroup.clone_children", value("cgroup.clone_children", range(0, 1)));
        f.put("notify_on_release", value("notify_on_release", range(0, 1)));
        n.values.put("cgroup.clone_children", n.isRoot() ? "0" : n.parent.values.getOrDefault("cgroup.clone_children", "0"));
        n.values.put("notify_on_release", "0");
        if (n.isRoot()) {
            f.put("release_agent", value("release_agent", s -> s));
            f.put("cgroup.sane_behavior", ro(x -> "0\n"));
        }
        Hierarchy h = n.hierarchy;
        if (h.has("cpu")) {
            cpu(n);
        }
        if (h.has("cpuacct")) {
            cpuacct(n);
        }
        if (h.has("cpuset")) {
            cpuset(n);
        }
        if (h.has("memory")) {
            memory(n);
        }
        if (h.has("devices")) {
            devices(n);
        }
        if (h.has("freezer") && !n.isRoot()) {
            f.put("freezer.state", rw(x -> (x.frozen() ? "FROZEN" : "THAWED") + "\n", (x, v) -> {
                switch (v) {
                    case "FROZEN" -> x.frozenSelf = true;
                    case "THAWED" -> {
                        x.frozenSelf = false;
                        k.reapKilled(); // a SIGKILL sent while frozen takes effect on thaw
                    }
                    default -> throw einval();
                }
            }));
            f.put("freezer.self_freezing", ro(x -> (x.frozenSelf ? "1" : "0") + "\n"));
            f.put("freezer.parent_freezing", ro(x -> (x.parent != null && x.parent.frozen() ? "1" : "0") + "\n"));
        }
        if (h.has("blkio")) {
            blkio(n);
        }
        if (h.has("pids") && !n.isRoot()) {
            f.put("pids.max", value("pids.max", s -> s.equals("max") ? s : Long.toString(integer(s, 0, 4194304))));
            n.values.put("pids.max", "max");
            f.put("pids.current", ro(x -> k.subtreeProcCount(x) + "\n"));
            f.put("pids.events", ro(x -> "max " + x.values.getOrDefault("#pids.events.max", "0") + "\n"));
        }
        if (h.has("hugetlb")) {
            for (String size : p.hugePageSizes()) {
                long unit = hugePageBytes(size);
                String lim = "hugetlb." + size + ".limit_in_bytes";
                f.put(lim, value(lim, s -> Long.toString(FileKit.memparse(s, unit) / unit * unit)));
                n.values.put(lim, Long.toString(p.unlimitedBytes() / unit * unit));
                for (String stat : List.of("usage_in_bytes", "max_usage_in_bytes", "failcnt")) {
                    String name = "hugetlb." + size + "." + stat;
                    f.put(name, roValue(name));
                    n.values.put(name, "0\n");
                }
            }
        }
        if (h.has("net_cls")) {
            f.put("net_cls.classid", value("net_cls.classid", range(0, 0xFFFF_FFFFL)));
            n.values.put("net_cls.classid", "0");
        }
        if (h.has("net_prio")) {
            f.put("net_prio.prioidx", ro(x -> x.depth() + 1 + "\n"));
            f.put("net_prio.ifpriomap", rw(x -> "lo " + x.values.getOrDefault("#prio.lo", "0") + "\neth0 "
                    + x.values.getOrDefault("#prio.eth0", "0") + "\n", (x, v) -> {
                        String[] parts = v.split("\\s+");
                        if (parts.length != 2) {
                            throw einval();
                        }
                        if (!parts[0].equals("lo") && !parts[0].equals("eth0")) {
                            throw new KernelError(Errno.ENODEV);
                        }
                        x.values.put("#prio." + parts[0], Long.toString(integer(parts[1], 0, 0xFFFF_FFFFL)));
                    }));
        }
        if (h.has("rdma") && !n.isRoot()) {
            f.put("rdma.max", rw(x -> "", (x, v) -> {
                throw new KernelError(Errno.ENODEV); // no RDMA devices on this fake machine
            }));
            f.put("rdma.current", ro(x -> ""));
        }
    }

    private void cpu(Node n) {
        Map<String, FakeFile> f = n.files;
        f.put("cpu.shares", value("cpu.shares", clamped(2, 262144)));
        n.values.put("cpu.shares", "1024");
        f.put("cpu.cfs_period_us", value("cpu.cfs_period_us", range(1000, 1_000_000)));
        n.values.put("cpu.cfs_period_us", "100000");
        f.put("cpu.cfs_quota_us", value("cpu.cfs_quota_us", s -> {
            long q = integer(s, Long.MIN_VALUE + 1, Long.MAX_VALUE / 1000);
            if (q < 0) {
                return "-1";
            }
            if (q < 1000) {
                throw einval();
            }
            return Long.toString(q);
        }));
        n.values.put("cpu.cfs_quota_us", "-1");
        f.put("cpu.rt_period_us", value("cpu.rt_period_us", range(1, 1_000_000_000)));
        n.values.put("cpu.rt_period_us", "1000000");
        f.put("cpu.rt_runtime_us", value("cpu.rt_runtime_us", (x, s) -> {
            long r = integer(s, -1, Long.MAX_VALUE / 1000);
            if (x.parent != null) {
                long parent = Long.parseLong(x.parent.values.get("cpu.rt_runtime_us"));
                if (parent != -1 && (r == -1 || r > parent)) {
                    throw einval();
                }
            }
            return Long.toString(r);
        }));
        n.values.put("cpu.rt_runtime_us", n.isRoot() ? "950000" : "0");
        boolean modern = p.kmem() != KernelProfile.KmemBehaviour.LEAKY;
        f.put("cpu.stat", roValue("cpu.stat"));
        n.values.put("cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n"
                + (modern ? "nr_bursts 0\nburst_time 0\n" : ""));
        if (modern && !n.isRoot()) {
            f.put("cpu.cfs_burst_us", value("cpu.cfs_burst_us", (x, s) -> {
                long b = integer(s, 0, Long.MAX_VALUE / 1000);
                long quota = Long.parseLong(x.values.get("cpu.cfs_quota_us"));
                if (quota != -1 && b > quota) {
                    throw einval();
                }
                return Long.toString(b);
            }));
            n.values.put("cpu.cfs_burst_us", "0");
            f.put("cpu.idle", value("cpu.idle", range(0, 1)));
            n.values.put("cpu.idle", "0");
        }
    }

    private void cpuacct(Node n) {
        Map<String, FakeFile> f = n.files;
        f.put("cpuacct.usage", rw(x -> x.values.get("cpuacct.usage"), (x, v) -> {
            if (integer(v, 0, 0) != 0) {
                throw einval();
            }
            x.values.put("cpuacct.usage", "0\n");
        }));
        n.values.put("cpuacct.usage", "0\n");
        f.put("cpuacct.stat", roValue("cpuacct.stat"));
        n.values.put("cpuacct.stat", "user 0\nsystem 0\n");
        f.put("cpuacct.usage_percpu", roValue("cpuacct.usage_percpu"));
        n.values.put("cpuacct.usage_percpu", "0 ".repeat(p.cpus()) + "\n");
        if (p.kmem() != KernelProfile.KmemBehaviour.LEAKY) {
            f.put("cpuacct.usage_all", roValue("cpuacct.usage_all"));
            StringBuilder sb = new StringBuilder("cpu user system\n");
            for (int c = 0; c < p.cpus(); c++) {
                sb.append(c).append(" 0 0\n");
            }
            n.values.put("cpuacct.usage_all", sb.toString());
            f.put("cpuacct.usage_user", roValue("cpuacct.usage_user"));
            f.put("cpuacct.usage_sys", roValue("cpuacct.usage_sys"));
            n.values.put("cpuacct.usage_user", "0\n");
            n.values.put("cpuacct.usage_sys", "0\n");
        }
    }

    private static CpuList list(String s) {
        try {
            return CpuList.parse(s);
        } catch (CgroupParseException e) {
            throw einval();
        }
    }

    private void cpuset(Node n) {
        Map<String, FakeFile> f = n.files;
        for (String which : List.of("cpus", "mems")) {
            String name = "cpuset." + which;
            f.put(name, rw(x -> x.values.get(name) + "\n", (x, v) -> {
                if (which.equals("cpus") && v.matches("[0-9]{1,9}(-[0-9]{1,9})?(,[0-9]{1,9}(-[0-9]{1,9})?)*")) {
                    for (String region : v.split(",")) { // bitmap_parselist: a reversed region is EINVAL first,
                        String[] ends = region.split("-"); // then an end beyond nr_cpu_ids is ERANGE
                        long end = Long.parseLong(ends[ends.length - 1]);
                        if (Long.parseLong(ends[0]) <= end && end >= p.cpus()) {
                            throw new KernelError(Errno.ERANGE);
                        }
                    }
                }
                CpuList want = list(v);
                if (x.isRoot()) {
                    throw einval();
                }
                Node top = x;
                while (top.parent != null) {
                    top = top.parent;
                }
                if (!list(top.values.get(name)).containsAll(want)) {
                    throw einval(); // update_cpumask: not a subset of the machine's (top_cpuset)
                }
                if (!list(x.parent.values.get(name)).containsAll(want)) {
                    throw new KernelError(Errno.EACCES); // validate_change: not a subset of the parent's (v1)
                }
                for (Node c : x.children.values()) {
                    if (!want.containsAll(list(c.values.get(name)))) {
                        throw new KernelError(Errno.EBUSY); // a child would no longer be a subset
                    }
                }
                if (want.isEmpty() && !x.procs.isEmpty()) {
                    throw new KernelError(Errno.ENOSPC);
                }
                x.values.put(name, want.toString());
            }));
            f.put("cpuset.effective_" + which, ro(x -> x.values.get(name) + "\n"));
        }
        String rootCpus = p.cpus() == 1 ? "0" : "0-" + (p.cpus() - 1);
        boolean clone = !n.isRoot() && "1".equals(n.parent.values.get("cgroup.clone_children"));
        n.values.put("cpuset.cpus", n.isRoot() ? rootCpus : clone ? n.parent.values.get("cpuset.cpus") : "");
        n.values.put("cpuset.mems", n.isRoot() ? "0" : clone ? n.parent.values.get("cpuset.mems") : "");
        for (String flag : List.of("cpu_exclusive", "mem_exclusive", "mem_hardwall", "memory_migrate",
                "memory_spread_page", "memory_spread_slab")) {
            f.put("cpuset." + flag, value("cpuset." + flag, range(0, 1)));
            n.values.put("cpuset." + flag, n.isRoot() && flag.equals("cpu_exclusive") ? "1" : "0");
        }
        f.put("cpuset.sched_load_balance", value("cpuset.sched_load_balance", range(0, 1)));
        n.values.put("cpuset.sched_load_balance", "1");
        f.put("cpuset.sched_relax_domain_level", value("cpuset.sched_relax_domain_level", range(-1, 5)));
        n.values.put("cpuset.sched_relax_domain_level", "-1");
        f.put("cpuset.memory_pressure", ro(x -> "0\n"));
    }

    private void memory(Node n) {
        Map<String, FakeFile> f = n.files;
        f.put("memory.limit_in_bytes", rw(x -> x.values.get("memory.limit_in_bytes") + "\n", (x, v) -> {
            long want = FileKit.memparse(v, p.pageSize());
            if (x.isRoot()) {
                throw einval();
            }
            long memsw = Long.parseLong(x.values.get("memory.memsw.limit_in_bytes"));
            if (want > memsw) {
                throw einval();
            }
            if (want < Long.parseLong(x.values.get("memory.usage_in_bytes"))) {
                throw new KernelError(Errno.EBUSY);
            }
            x.values.put("memory.limit_in_bytes", Long.toString(want));
        }));
        f.put("memory.memsw.limit_in_bytes", rw(x -> x.values.get("memory.memsw.limit_in_bytes") + "\n", (x, v) -> {
            long want = FileKit.memparse(v, p.pageSize());
            if (x.isRoot()) {
                throw einval();
            }
            if (want < Long.parseLong(x.values.get("memory.limit_in_bytes"))) {
                throw einval();
            }
            x.values.put("memory.memsw.limit_in_bytes", Long.toString(want));
        }));
        f.put("memory.soft_limit_in_bytes", value("memory.soft_limit_in_bytes",
                s -> Long.toString(FileKit.memparse(s, p.pageSize()))));
        for (String l : List.of("memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.soft_limit_in_bytes",
                "memory.kmem.limit_in_bytes", "memory.kmem.tcp.limit_in_bytes")) {
            n.values.put(l, Long.toString(p.unlimitedBytes()));
        }
        for (String prefix : List.of("memory.", "memory.memsw.", "memory.kmem.", "memory.kmem.tcp.")) {
            String usage = prefix + "usage_in_bytes";
            String max = prefix + "max_usage_in_bytes";
            String failcnt = prefix + "failcnt";
            f.put(usage, ro(x -> x.values.get(usage) + "\n"));
            f.put(max, rw(x -> x.values.get(max) + "\n", (x, v) -> {
                if (integer(v, 0, 0) != 0) {
                    throw einval();
                }
                x.values.put(max, x.values.get(usage));
            }));
            f.put(failcnt, rw(x -> x.values.get(failcnt) + "\n", (x, v) -> {
                if (integer(v, 0, 0) != 0) {
                    throw einval();
                }
                x.values.put(failcnt, "0");
            }));
            n.values.put(usage, "0");
            n.values.put(max, "0");
            n.values.put(failcnt, "0");
        }
        f.put("memory.kmem.limit_in_bytes", rw(x -> x.values.get("memory.kmem.limit_in_bytes") + "\n",
                (x, v) -> k.writeKmemLimit(x, v)));
        f.put("memory.kmem.tcp.limit_in_bytes", value("memory.kmem.tcp.limit_in_bytes",
                s -> Long.toString(FileKit.memparse(s, p.pageSize()))));
        f.put("memory.kmem.slabinfo", ro(x -> {
            if (p.kmem() == KernelProfile.KmemBehaviour.LEAKY && !x.kmemActive) {
                throw new KernelError(Errno.EIO);
            }
            return "slabinfo - version: 2.1\n# name <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>\n";
        }));
        f.put("memory.swappiness", value("memory.swappiness", range(0, 100)));
        n.values.put("memory.swappiness", "60");
        f.put("memory.oom_control", rw(x -> "oom_kill_disable " + x.values.get("#oom_kill_disable") + "\nunder_oom 0\n"
                + (p.kmem() == KernelProfile.KmemBehaviour.LEAKY ? "" : "oom_kill " + x.oomKills + "\n"),
                (x, v) -> x.values.put("#oom_kill_disable", Long.toString(integer(v, 0, 1)))));
        n.values.put("#oom_kill_disable", "0");
        f.put("memory.use_hierarchy", rw(x -> x.values.get("memory.use_hierarchy") + "\n", (x, v) -> {
            long want = integer(v, 0, 1);
            if (!x.children.isEmpty()) {
                throw new KernelError(Errno.EBUSY);
            }
            if (want == 0 && x.parent != null && "1".equals(x.parent.values.get("memory.use_hierarchy"))) {
                throw einval();
            }
            x.values.put("memory.use_hierarchy", Long.toString(want));
        }));
        n.values.put("memory.use_hierarchy", n.isRoot() ? (p.memoryUseHierarchy() ? "1" : "0")
                : n.parent.values.get("memory.use_hierarchy"));
        f.put("memory.stat", roValue("memory.stat"));
        n.values.put("memory.stat", "cache 0\nrss 0\nrss_huge 0\nshmem 0\nmapped_file 0\ndirty 0\nwriteback 0\n"
                + "swap 0\npgpgin 0\npgpgout 0\npgfault 0\npgmajfault 0\ninactive_anon 0\nactive_anon 0\n"
                + "inactive_file 0\nactive_file 0\nunevictable 0\nhierarchical_memory_limit " + p.unlimitedBytes()
                + "\nhierarchical_memsw_limit " + p.unlimitedBytes() + "\ntotal_cache 0\ntotal_rss 0\n");
        f.put("memory.numa_stat", roValue("memory.numa_stat"));
        n.values.put("memory.numa_stat", "total=0 N0=0\nfile=0 N0=0\nanon=0 N0=0\nunevictable=0 N0=0\n"
                + "hierarchical_total=0 N0=0\nhierarchical_file=0 N0=0\nhierarchical_anon=0 N0=0\n"
                + "hierarchical_unevictable=0 N0=0\n");
        f.put("memory.force_empty", wo((x, v) -> {
            if (x.isRoot()) {
                throw einval();
            }
        }));
        f.put("memory.move_charge_at_immigrate", value("memory.move_charge_at_immigrate", range(0, 3)));
        n.values.put("memory.move_charge_at_immigrate", "0");
    }

    private void devices(Node n) {
        Map<String, FakeFile> f = n.files;
        f.put("devices.allow", wo((x, v) -> k.deviceRule(x, v, true)));
        f.put("devices.deny", wo((x, v) -> k.deviceRule(x, v, false)));
        f.put("devices.list", ro(x -> {
            if (x.devicesAllowAll) {
                return "a *:* rwm\n";
            }
            StringBuilder sb = new StringBuilder();
            for (Node.DeviceException e : x.deviceExceptions) {
                sb.append(e).append('\n');
            }
            return sb.toString();
        }));
    }

    private void blkio(Node n) {
        Map<String, FakeFile> f = n.files;
        if (!n.isRoot()) {
            if (p.cfqBlkio()) {
                f.put("blkio.weight", value("blkio.weight", range(10, 1000)));
                n.values.put("blkio.weight", "500");
                f.put("blkio.leaf_weight", value("blkio.leaf_weight", range(10, 1000)));
                n.values.put("blkio.leaf_weight", "500");
                deviceMap(n, "blkio.weight_device", 10, 1000);
                deviceMap(n, "blkio.leaf_weight_device", 10, 1000);
            } else {
                f.put("blkio.bfq.weight", value("blkio.bfq.weight", range(1, 1000)));
                n.values.put("blkio.bfq.weight", "100");
                deviceMap(n, "blkio.bfq.weight_device", 1, 1000);
            }
        }
        for (String t : List.of("read_bps_device", "write_bps_device", "read_iops_device", "write_iops_device")) {
            deviceMap(n, "blkio.throttle." + t, 0, Long.MAX_VALUE);
        }
        List<String> stats = new ArrayList<>(List.of("blkio.throttle.io_service_bytes", "blkio.throttle.io_serviced"));
        if (p.cfqBlkio()) {
            stats.addAll(List.of("blkio.io_service_bytes_recursive", "blkio.io_serviced_recursive",
                    "blkio.io_queued_recursive", "blkio.io_service_time_recursive", "blkio.io_wait_time_recursive",
                    "blkio.io_merged_recursive", "blkio.time_recursive", "blkio.sectors_recursive"));
        } else {
            stats.addAll(List.of("blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_serviced_recursive",
                    "blkio.bfq.io_service_bytes_recursive", "blkio.bfq.io_serviced_recursive"));
        }
        for (String s : stats) {
            f.put(s, roValue(s));
            n.values.put(s, "Total 0\n");
        }
        f.put("blkio.reset_stats", wo((x, v) -> integer(v, 0, Long.MAX_VALUE)));
    }

    /** A per-device file: writes "MAJ:MIN value" (0 removes a throttle), reads the list. */
    private static TreeMap<String, Long> entries(Node x, String name) {
        if (x.deviceMaps == null) {
            x.deviceMaps = new java.util.HashMap<>();
        }
        return x.deviceMaps.computeIfAbsent(name, k -> new TreeMap<>());
    }

    private static void deviceMap(Node n, String name, long min, long max) {
        n.files.put(name, rw(x -> {
            StringBuilder sb = new StringBuilder();
            entries(x, name).forEach((dev, v) -> sb.append(dev).append(' ').append(v).append('\n'));
            return sb.toString();
        }, (x, v) -> {
            TreeMap<String, Long> entries = entries(x, name);
            String[] parts = v.split("\\s+");
            if (parts.length != 2) {
                throw einval();
            }
            long[] dev = FileKit.device(parts[0]);
            long val = integer(parts[1], 0, max);
            String key = dev[0] + ":" + dev[1];
            if (val == 0 && min == 0) {
                entries.remove(key);
            } else if (val < min) {
                throw einval();
            } else {
                entries.put(key, val);
            }
        }));
    }

    /** @return the bytes of a huge page size name such as {@code 2MB} */
    static long hugePageBytes(String size) {
        long n = Long.parseLong(size.substring(0, size.length() - 2));
        return switch (size.substring(size.length() - 2)) {
            case "KB" -> n << 10;
            case "MB" -> n << 20;
            default -> n << 30;
        };
    }
}
