package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.stats.BurstData;
import io.github.cgroups4j.stats.ThrottlingData;
import java.util.Map;

/**
 * cpu: shares (validated to the kernel's range, so never clamped), CFS period and quota (period first; when the kernel refuses a smaller
 * period with EINVAL, it is retried after the quota, as runc does), burst, idle, and the realtime settings, which
 * are also written in {@code apply} before the task joins (a SCHED_RR task cannot join a group without rt time).
 */
final class CpuGroup implements Subsystem {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Controller controller() {
        return Controller.CPU;
    }

    @Override
    public void apply(V1Context ctx, String path, Resources r, long pid) throws CgroupException {
        ctx.mkdirs(this, path);
        setRtSched(ctx, path, r);
        ctx.join(path, pid);
    }

    private static void setRtSched(V1Context ctx, String path, Resources r) throws CgroupException {
        if (r.cpuRtPeriod().isPresent()) {
            ctx.write(path, "cpu.rt_period_us", Long.toString(r.cpuRtPeriod().getAsLong()));
        }
        if (r.cpuRtRuntime().isPresent()) {
            ctx.write(path, "cpu.rt_runtime_us", Long.toString(r.cpuRtRuntime().getAsLong()));
        }
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        if (r.cpuShares().isPresent()) {
            // Resources only admits the kernel's range (2..262144), so the kernel never clamps: no read-back
            ctx.write(path, "cpu.shares", Long.toString(r.cpuShares().getAsLong()));
        }
        String retryPeriod = null;
        if (r.cpuPeriod().isPresent()) {
            String period = Long.toString(r.cpuPeriod().getAsLong());
            try {
                ctx.write(path, "cpu.cfs_period_us", period);
            } catch (CgroupException e) {
                // old quota / new period may exceed the parent's limit until the new quota is in place
                if (!e.is(Errno.EINVAL) || r.cpuQuota().isEmpty()) {
                    throw e;
                }
                retryPeriod = period;
            }
        }
        if (r.cpuQuota().isPresent()) {
            ctx.write(path, "cpu.cfs_quota_us", r.cpuQuota().get().toV1());
            if (retryPeriod != null) {
                ctx.write(path, "cpu.cfs_period_us", retryPeriod);
            }
        }
        if (r.cpuBurst().isPresent()) {
            writeOptional(ctx, path, "cpu.cfs_burst_us", Long.toString(r.cpuBurst().getAsLong()));
        }
        if (r.cpuIdle().isPresent()) {
            String v = Long.toString(r.cpuIdle().getAsLong());
            try {
                ctx.write(path, "cpu.idle", v);
            } catch (CgroupException e) {
                if (!e.is(Errno.ENOENT) || !ctx.fs.exists(path)) {
                    throw e;
                }
                throw new CgroupException(CgroupException.Operation.WRITE, path, "cpu.idle", v, e.errnoNumber(),
                        "cpu.idle is not supported by kernel " + ctx.kernelRelease + " (it came in 5.15)", e);
            }
        }
        setRtSched(ctx, path, r);
    }

    /** A file newer kernels have: ENOENT means "not supported here", warned once, as runc ignores it. */
    private static void writeOptional(V1Context ctx, String path, String file, String value) throws CgroupException {
        try {
            ctx.write(path, file, value);
        } catch (CgroupException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
            ctx.warnOnce(file, "{} is not supported by this kernel; the setting is ignored", file);
        }
    }

    @Override
    public void stats(V1Context ctx, String path, V1Stats s) throws CgroupException {
        Map<String, Long> st = ctx.readKeyValue(path, "cpu.stat");
        s.throttling = new ThrottlingData(st.getOrDefault("nr_periods", 0L), st.getOrDefault("nr_throttled", 0L),
                st.getOrDefault("throttled_time", 0L));
        s.burst = new BurstData(st.getOrDefault("nr_bursts", 0L), st.getOrDefault("burst_time", 0L));
    }
}
