package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.CgroupValues;
import io.github.cgroups4j.stats.CpuUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * cpuacct: statistics only. {@code cpuacct.stat} counts USER_HZ ticks (100 a second), converted to nanoseconds as
 * runc does; per-CPU kernel/user time from {@code cpuacct.usage_all} where the kernel has it (4.7+).
 */
final class CpuacctGroup implements Subsystem {
    /** USER_HZ: the unit of {@code cpuacct.stat} on every Linux architecture. */
    static final long CLOCK_TICKS = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / CLOCK_TICKS;

    @Override
    public String name() {
        return "cpuacct";
    }

    @Override
    public Controller controller() {
        return Controller.CPUACCT;
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) {
        // cpuacct has no resources
    }

    @Override
    public void stats(V1Context ctx, String path, V1Stats s) throws CgroupException {
        long total = ctx.readUint(path, "cpuacct.usage");
        Map<String, Long> stat = ctx.readKeyValue(path, "cpuacct.stat");
        long user = stat.getOrDefault("user", 0L) * NANOS_PER_TICK;
        long system = stat.getOrDefault("system", 0L) * NANOS_PER_TICK;
        List<Long> percpu = CgroupValues.parseUintList(ctx.read(path, "cpuacct.usage_percpu"));
        List<Long> percpuKernel = new ArrayList<>();
        List<Long> percpuUser = new ArrayList<>();
        try {
            String all = ctx.read(path, "cpuacct.usage_all");
            String[] lines = all.split("\n");
            for (int i = 1; i < lines.length; i++) { // "cpu user system" header first
                List<Long> f = CgroupValues.parseUintList(lines[i]);
                if (f.size() != 3) {
                    throw new io.github.cgroups4j.CgroupParseException("cpuacct.usage_all", lines[i], "cpu user system");
                }
                percpuUser.add(f.get(1));
                percpuKernel.add(f.get(2));
            }
        } catch (CgroupException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
        }
        s.usage = new CpuUsage(total, percpu, percpuKernel, percpuUser, system, user);
    }
}
