package io.github.cgroups4j.fs.v2;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.HugepageLimit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.CgroupValues;
import io.github.cgroups4j.parse.KeyValueFile;
import io.github.cgroups4j.stats.HugetlbStats;
import java.util.Optional;

/**
 * hugetlb: {@code hugetlb.<size>.max} and, where the kernel has it, {@code .rsvd.max}; statistics for the kernel's
 * huge page sizes, the reservation counters preferred, as opencontainers.
 */
final class HugetlbController implements V2Controller {
    @Override
    public String name() {
        return "hugetlb";
    }

    @Override
    public boolean requested(Resources r) {
        return !r.hugetlbLimits().isEmpty();
    }

    @Override
    public void set(V2Context ctx, String dir, Resources r) throws CgroupException {
        boolean rsvd = true;
        for (HugepageLimit l : r.hugetlbLimits()) {
            String prefix = "hugetlb." + l.pageSize();
            String v = Long.toString(l.limit());
            ctx.write(dir, prefix + ".max", v);
            if (rsvd) {
                try {
                    ctx.write(dir, prefix + ".rsvd.max", v);
                } catch (CgroupException e) {
                    if (!e.is(Errno.ENOENT)) {
                        throw e;
                    }
                    rsvd = false; // a kernel before 5.7
                }
            }
        }
    }

    @Override
    public void stats(V2Context ctx, String dir, V2Stats s) throws CgroupException {
        for (String size : ctx.hugePageSizes) {
            String prefix = "hugetlb." + size;
            Optional<String> current = ctx.readOptional(dir, prefix + ".rsvd.current");
            if (current.isEmpty()) {
                current = ctx.readOptional(dir, prefix + ".current");
            }
            if (current.isEmpty()) {
                return; // the hugetlb controller is not enabled here
            }
            long failcnt = KeyValueFile.valueOf(prefix + ".events", ctx.read(dir, prefix + ".events"), "max");
            s.hugetlb.put(size, new HugetlbStats(CgroupValues.parseUint(current.get()), 0, failcnt));
        }
    }
}
