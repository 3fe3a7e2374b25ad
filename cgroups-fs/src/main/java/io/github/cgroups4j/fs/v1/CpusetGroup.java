package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.CpuList;
import io.github.cgroups4j.stats.CpusetStats;
import java.util.ArrayList;
import java.util.List;

/**
 * cpuset, as runc's {@code ApplyDir}: every level from the mount down to the parent is created if missing and gets
 * its parent's {@code cpus}/{@code mems} where it is empty, existing levels included ({@code cpusetEnsureParent});
 * the cgroup itself first gets the requested values (not the parent's, so {@code cpu_exclusive} siblings work),
 * then the parent's for whatever is still empty; only then does the task join (an empty cpuset refuses tasks with
 * ENOSPC). Statistics tolerate the optional files a kernel lacks, as runc.
 */
final class CpusetGroup implements Subsystem {
    private static final String CPUS = "cpuset.cpus";
    private static final String MEMS = "cpuset.mems";

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
        String mount = ctx.mounts.get(name());
        if (mount == null || !path.startsWith(mount + "/")) {
            throw new CgroupException(CgroupException.Operation.APPLY, path, null,
                    "not below the cpuset mount point " + mount);
        }
        // runc's cpusetEnsureParent, top-down: a level with an empty cpus or mems gets the level above's. The level
        // above is read only when a level needs it, and a level this call created is known to be empty (a new v1
        // cpuset is empty, or has its parent's values under clone_children, which writing them again keeps): the
        // same files end with the same values as runc's walk, with fewer reads
        String above = mount;
        String cpus = null; // the level above's values, once known
        String mems = null;
        String parent = parentOf(path);
        for (String part : parent.substring(mount.length()).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String level = above + "/" + part;
            boolean fresh = ctx.mkdir(level);
            cpus = copyIfEmpty(ctx, level, fresh, CPUS, above, cpus);
            mems = copyIfEmpty(ctx, level, fresh, MEMS, above, mems);
            above = level;
        }
        boolean fresh = ctx.mkdir(path);
        set(ctx, path, r);
        // a value just written is not empty (the kernel took it); the cgroup gets the parent's for the rest
        if (r.cpusetCpus().isEmpty() || r.cpusetCpus().get().toString().isEmpty()) {
            copyIfEmpty(ctx, path, fresh, CPUS, above, cpus);
        }
        if (r.cpusetMems().isEmpty() || r.cpusetMems().get().toString().isEmpty()) {
            copyIfEmpty(ctx, path, fresh, MEMS, above, mems);
        }
        ctx.join(path, pid);
    }

    private static String parentOf(String dir) {
        return dir.substring(0, dir.lastIndexOf('/'));
    }

    /**
     * runc's {@code cpusetCopyIfNeeded} for one file: an empty value gets the parent's.
     *
     * @param fresh whether this call created {@code dir} (its value is then empty, or its parent's already)
     * @param aboveValue the parent's value when known; null to read it from {@code above} if needed
     * @return the value {@code dir} has now
     */
    private static String copyIfEmpty(V1Context ctx, String dir, boolean fresh, String file, String above,
            String aboveValue) throws CgroupException {
        String v = fresh ? "" : ctx.read(dir, file).strip();
        if (!v.isEmpty()) {
            return v;
        }
        String parentValue = aboveValue != null ? aboveValue : ctx.read(above, file).strip();
        if (parentValue.isEmpty()) {
            return v;
        }
        ctx.write(dir, file, parentValue);
        return parentValue;
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
        s.cpuset = new CpusetStats(list(ctx, path, CPUS), list(ctx, path, MEMS),
                flag(ctx, path, "cpuset.cpu_exclusive"), flag(ctx, path, "cpuset.mem_hardwall"),
                flag(ctx, path, "cpuset.mem_exclusive"), flag(ctx, path, "cpuset.memory_migrate"),
                flag(ctx, path, "cpuset.memory_spread_page"), flag(ctx, path, "cpuset.memory_spread_slab"),
                flag(ctx, path, "cpuset.memory_pressure"), flag(ctx, path, "cpuset.sched_load_balance"),
                optional(ctx, path, "cpuset.sched_relax_domain_level", true));
    }

    /** runc: a file the kernel does not have reads as empty. */
    private static List<Integer> list(V1Context ctx, String path, String file) throws CgroupException {
        String text;
        try {
            text = ctx.read(path, file);
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT) && ctx.fs.exists(path)) {
                return List.of();
            }
            throw e;
        }
        List<Integer> out = new ArrayList<>();
        for (int c : CpuList.parse(text).toArray()) {
            out.add(c);
        }
        return out;
    }

    private static long flag(V1Context ctx, String path, String file) throws CgroupException {
        return optional(ctx, path, file, false);
    }

    /** runc: a file the kernel does not have reads as 0 (e.g. {@code cpuset.memory_pressure} below the root). */
    private static long optional(V1Context ctx, String path, String file, boolean signed) throws CgroupException {
        try {
            return signed ? ctx.readInt(path, file) : ctx.readUint(path, file);
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT) && ctx.fs.exists(path)) {
                return 0;
            }
            throw e;
        }
    }
}
