package io.github.cgroups4j.testkit;

import static io.github.cgroups4j.testkit.FileKit.range;
import static io.github.cgroups4j.testkit.FileKit.ro;
import static io.github.cgroups4j.testkit.FileKit.roValue;
import static io.github.cgroups4j.testkit.FileKit.value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The v2 memory controller's files: the limits ({@code max} or a size, rounded to pages; -1 is EINVAL), usage,
 * events with the OOM kills the fake's model counts, and {@code memory.stat}. */
final class V2Memory implements V2Controller {
    private final FakeCgroupFs k;
    private final KernelProfile p;

    V2Memory(FakeCgroupFs kernel, KernelProfile profile) {
        this.k = kernel;
        this.p = profile;
    }

    /** The keys of memory.events and memory.events.local, in the order the kernel's __memory_events_show prints them (6.1). */
    static final List<String> EVENTS = List.of("low", "high", "max", "oom", "oom_kill", "oom_group_kill");
    static final int LOW = 0;
    static final int HIGH = 1;
    static final int MAX = 2;
    static final int OOM = 3;
    static final int OOM_KILL = 4;
    static final int OOM_GROUP_KILL = 5;

    /**
     * The kernel's memcg_memory_event: counted in the cgroup's own (memory.events.local), then in its and every
     * ancestor's but the root's memory.events, when it happens (so a parent keeps the count of a child removed
     * since).
     */
    static void count(Node n, int event) {
        n.memoryEventsLocal[event]++;
        for (Node a = n; a != null && !a.isRoot(); a = a.parent) {
            a.memoryEvents[event]++;
        }
    }

    /** @return the counters by key, in the file's order */
    static Map<String, Long> counters(long[] c) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < EVENTS.size(); i++) {
            out.put(EVENTS.get(i), c[i]);
        }
        return out;
    }

    private static String show(long[] c) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < EVENTS.size(); i++) {
            sb.append(EVENTS.get(i)).append(' ').append(c[i]).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String name() {
        return "memory";
    }

    /** The limits, which a new memory cgroup starts with and mem_cgroup_css_reset puts back: min and low 0, else max. */
    private static final List<String> LIMITS = List.of("memory.min", "memory.low", "memory.high", "memory.max",
            "memory.swap.max");
    private static final List<String> USAGE = List.of("memory.current", "memory.peak", "memory.swap.current");

    /**
     * The kernel's memory css follows the parent's subtree_ss_mask: memory, or io (io_cgrp_subsys depends on memory).
     * A cgroup that gets one anew starts over (css_create: a zeroed mem_cgroup, limits max, memory.oom.group 0); one
     * that loses it (neither is enabled any more) has none; one that keeps it for io alone has it hidden
     * (css_clear_dir: no files), its limits reset (mem_cgroup_css_reset), its counts and memory.oom.group kept for a
     * later {@code +memory}. Called before the files appear and after they go.
     */
    static void sync(Node n) {
        Set<String> parent = n.isRoot() ? Set.of() : n.parent.subtreeControl;
        boolean wanted = parent.contains("memory") || parent.contains("io");
        if (wanted && !n.memoryCss) {
            java.util.Arrays.fill(n.memoryEvents, 0);
            java.util.Arrays.fill(n.memoryEventsLocal, 0);
            n.values.put("memory.oom.group", "0");
            for (String usage : USAGE) {
                n.values.put(usage, "0\n");
            }
            n.values.put("memory.stat", "anon 0\nfile 0\nkernel 0\nkernel_stack 0\npagetables 0\nsock 0\n"
                    + "shmem 0\nfile_mapped 0\nfile_dirty 0\nfile_writeback 0\nswapcached 0\ninactive_anon 0\n"
                    + "active_anon 0\ninactive_file 0\nactive_file 0\nunevictable 0\npgfault 0\npgmajfault 0\n");
        }
        if (wanted && (!n.memoryCss || !parent.contains("memory"))) {
            for (String lim : LIMITS) { // new, or hidden (whose limits cannot be written while hidden)
                n.values.put(lim, lim.equals("memory.min") || lim.equals("memory.low") ? "0" : "max");
            }
        }
        n.memoryCss = wanted;
    }

    /** The files of the cgroup's memory css, which {@link #sync} made (their values are its). */
    @Override
    public void populate(Node n) {
        Map<String, FakeFile> f = n.files;
        // page_counter_memparse: "max" or a size; "-1" is not v2's (EINVAL)
        UnaryOperator<String> bytes = s -> s.equals("max") ? s : s.startsWith("-") ? FileKit.fail()
                : Long.toString(FileKit.memparse(s, p.pageSize()));
        for (String lim : LIMITS) {
            f.put(lim, value(lim, bytes));
        }
        for (String usage : USAGE) {
            f.put(usage, roValue(usage));
        }
        f.put("memory.events", ro(x -> show(x.memoryEvents)));
        f.put("memory.events.local", ro(x -> show(x.memoryEventsLocal)));
        f.put("memory.swap.events", ro(x -> "high 0\nmax 0\nfail 0\n"));
        f.put("memory.oom.group", value("memory.oom.group", range(0, 1)));
        f.put("memory.stat", roValue("memory.stat"));
    }
}
