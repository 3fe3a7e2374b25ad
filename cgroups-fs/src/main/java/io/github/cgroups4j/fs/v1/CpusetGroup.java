package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.CpuList;
import io.github.cgroups4j.stats.CpusetStats;
import java.util.ArrayList;
import java.util.List;

/**
 * cpuset, as runc's {@code ApplyDir}: every missing ancestor below the mount is created and gets its parent's
 * {@code cpus}/{@code mems} if empty; the cgroup itself first gets the requested values (not the parent's, so
 * {@code cpu_exclusive} siblings work), then the parent's for whatever is still empty; only then does the task join
 * (an empty cpuset refuses tasks with ENOSPC).
 */
final class CpusetGroup implements Subsystem {
    @Override
    public String name() {
        return "cpuset";
    }

    @Override
    public Controller controller() {
        return Controller.CPUSET;
    }

    @Override
    public void apply(V1Context ctx, String path, Resources r, long pid) throws CgroupException {
        int before = ctx.created.size();
        boolean created = ctx.mkdirs(this, path);
        // ancestors this apply created are empty: populate them top-down from their parents
        for (String dir : List.copyOf(ctx.created.subList(before, ctx.created.size()))) {
            if (!dir.equals(path)) {
                copyIfNeeded(ctx, dir, parentOf(dir));
            }
        }
        String parent = parentOf(path);
        try {
            set(ctx, path, r);
        } catch (CgroupException e) {
            if (!e.is(io.github.cgroups4j.Errno.EINVAL)) {
                throw e;
            }
            ensureAncestors(ctx, parent); // a requested value cannot fit an unpopulated ancestor: populate, retry
            set(ctx, path, r);
        }
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            boolean requested = file.equals("cpuset.cpus") ? r.cpusetCpus().isPresent() : r.cpusetMems().isPresent();
            if (requested || !created && !ctx.read(path, file).isBlank()) {
                continue;
            }
            // the parent's value; a non-empty parent implies non-empty ancestors (the kernel keeps children subsets)
            String v = ctx.read(parent, file).strip();
            if (v.isEmpty()) {
                ensureAncestors(ctx, parent);
                v = ctx.read(parent, file).strip();
            }
            if (!v.isEmpty()) {
                ctx.write(path, file, v);
            }
        }
        ctx.join(path, pid);
    }

    private static String parentOf(String dir) {
        return dir.substring(0, dir.lastIndexOf('/'));
    }

    private static void copyIfNeeded(V1Context ctx, String dir, String parent) throws CgroupException {
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            if (ctx.read(dir, file).isBlank()) {
                String v = ctx.read(parent, file).strip();
                if (!v.isEmpty()) {
                    ctx.write(dir, file, v);
                }
            }
        }
    }

    /** runc's cpusetEnsureParent: every level from the mount down to {@code dir} gets its parent's values if empty. */
    private void ensureAncestors(V1Context ctx, String dir) throws CgroupException {
        String mount = ctx.mounts.get(name());
        String parent = mount;
        for (String part : dir.substring(mount.length()).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String level = parent + "/" + part;
            copyIfNeeded(ctx, level, parent);
            parent = level;
        }
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        if (r.cpusetCpus().isPresent()) {
            ctx.write(path, "cpuset.cpus", r.cpusetCpus().get().toString());
        }
        if (r.cpusetMems().isPresent()) {
            ctx.write(path, "cpuset.mems", r.cpusetMems().get().toString());
        }
    }

    @Override
    public void stats(V1Context ctx, String path, V1Stats s) throws CgroupException {
        s.cpuset = new CpusetStats(list(ctx.read(path, "cpuset.cpus")), list(ctx.read(path, "cpuset.mems")),
                flag(ctx, path, "cpuset.cpu_exclusive"), flag(ctx, path, "cpuset.mem_hardwall"),
                flag(ctx, path, "cpuset.mem_exclusive"), flag(ctx, path, "cpuset.memory_migrate"),
                flag(ctx, path, "cpuset.memory_spread_page"), flag(ctx, path, "cpuset.memory_spread_slab"),
                flag(ctx, path, "cpuset.memory_pressure"), flag(ctx, path, "cpuset.sched_load_balance"),
                ctx.readInt(path, "cpuset.sched_relax_domain_level"));
    }

    private static List<Integer> list(String text) throws CgroupException {
        List<Integer> out = new ArrayList<>();
        for (int c : CpuList.parse(text).toArray()) {
            out.add(c);
        }
        return out;
    }

    private static long flag(V1Context ctx, String path, String file) throws CgroupException {
        return ctx.readUint(path, file);
    }
}
