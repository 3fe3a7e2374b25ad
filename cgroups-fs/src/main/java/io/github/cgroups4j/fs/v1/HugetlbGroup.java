package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.HugepageLimit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.stats.HugetlbStats;

/**
 * hugetlb: {@code hugetlb.<size>.limit_in_bytes} (and {@code .rsvd.limit_in_bytes} where the kernel has it);
 * statistics for each huge page size of the kernel (runc's {@code HugePageSizes}), preferring the reservation counters as opencontainers does.
 */
final class HugetlbGroup implements Subsystem {
    @Override
    public String name() {
        return "hugetlb";
    }

    @Override
    public Controller controller() {
        return Controller.HUGETLB;
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        for (HugepageLimit l : r.hugetlbLimits()) {
            String v = Long.toString(l.limit());
            ctx.write(path, "hugetlb." + l.pageSize() + ".limit_in_bytes", v);
            String rsvd = "hugetlb." + l.pageSize() + ".rsvd.limit_in_bytes";
            if (ctx.exists(path, rsvd)) {
                ctx.write(path, rsvd, v);
            }
        }
    }

    @Override
    public void stats(V1Context ctx, String path, V1Stats s) throws CgroupException {
        for (String size : ctx.host.hugePageSizes) { // the kernel's sizes, from /sys/kernel/mm/hugepages (runc)
            String prefix = "hugetlb." + size + ".";
            String p = ctx.exists(path, prefix + "rsvd.usage_in_bytes") ? prefix + "rsvd." : prefix;
            s.hugetlb.put(size, new HugetlbStats(ctx.readUint(path, p + "usage_in_bytes"),
                    ctx.readUint(path, p + "max_usage_in_bytes"), ctx.readUint(path, p + "failcnt")));
        }
    }
}
