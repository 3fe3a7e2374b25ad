package io.github.cgroups4j.fs.v2;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.V2Conversions;
import io.github.cgroups4j.parse.Psi;
import io.github.cgroups4j.stats.BurstData;
import io.github.cgroups4j.stats.CpuStats;
import io.github.cgroups4j.stats.CpuUsage;
import io.github.cgroups4j.stats.ThrottlingData;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * cpu, as opencontainers' {@code fs2/cpu.go}: {@code cpu.idle}; {@code cpu.weight} from {@code cpuWeight} or
 * converted from {@code cpuShares}; {@code cpu.max.burst} (retried after the quota when the kernel says EINVAL);
 * {@code cpu.max}. Unlike opencontainers, a quota alone keeps the cgroup's period and a period alone keeps its quota
 * (opencontainers writes the default period, or {@code max}): "not set" is left alone.
 */
final class CpuController implements V2Controller {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public boolean domain() {
        return false; // cpu is thread-aware
    }

    @Override
    public boolean requested(Resources r) {
        return r.cpuWeight().isPresent() || r.cpuShares().isPresent() || r.cpuQuota().isPresent()
                || r.cpuPeriod().isPresent() || r.cpuIdle().isPresent() || r.cpuBurst().isPresent();
    }

    @Override
    public void set(V2Context ctx, String dir, Resources r) throws CgroupException {
        if (r.cpuRtRuntime().isPresent() || r.cpuRtPeriod().isPresent()) {
            throw new CgroupException(CgroupException.Operation.SET, dir, null,
                    "cpuRtRuntime/cpuRtPeriod: cgroup v2 has no realtime CPU settings");
        }
        if (r.cpuIdle().isPresent()) {
            ctx.write(dir, "cpu.idle", Long.toString(r.cpuIdle().getAsLong()));
        }
        if (r.cpuWeight().isPresent() || r.cpuShares().isPresent()) {
            long w = r.cpuWeight().isPresent() ? r.cpuWeight().getAsLong()
                    : V2Conversions.cpuWeightOfShares(r.cpuShares().getAsLong());
            ctx.write(dir, "cpu.weight", Long.toString(w));
        }
        String burst = null;
        if (r.cpuBurst().isPresent()) {
            burst = Long.toString(r.cpuBurst().getAsLong());
            try {
                ctx.write(dir, "cpu.max.burst", burst);
                burst = null;
            } catch (CgroupException e) {
                // a larger burst can exceed the old quota: retry once the new quota is in place
                if (!e.is(Errno.EINVAL) || r.cpuQuota().isEmpty()) {
                    throw e;
                }
            }
        }
        if (r.cpuQuota().isPresent() || r.cpuPeriod().isPresent()) {
            String quota = r.cpuQuota().map(q -> q.isUnlimited() ? "max" : Long.toString(q.value())).orElse(null);
            if (quota == null) {
                quota = ctx.read(dir, "cpu.max").strip().split("\\s+")[0]; // a period alone keeps the quota
            }
            ctx.write(dir, "cpu.max", r.cpuPeriod().isPresent() ? quota + " " + r.cpuPeriod().getAsLong() : quota);
            if (burst != null) {
                ctx.write(dir, "cpu.max.burst", burst);
            }
        }
    }

    @Override
    public void stats(V2Context ctx, String dir, V2Stats s) throws CgroupException {
        Map<String, Long> st = ctx.readKeyValue(dir, "cpu.stat");
        CpuUsage usage = new CpuUsage(st.getOrDefault("usage_usec", 0L) * 1000, List.of(), List.of(), List.of(),
                st.getOrDefault("system_usec", 0L) * 1000, st.getOrDefault("user_usec", 0L) * 1000);
        ThrottlingData throttling = new ThrottlingData(st.getOrDefault("nr_periods", 0L),
                st.getOrDefault("nr_throttled", 0L), st.getOrDefault("throttled_usec", 0L) * 1000);
        BurstData burst = new BurstData(st.getOrDefault("nr_bursts", 0L), st.getOrDefault("burst_usec", 0L) * 1000);
        Optional<String> psi = ctx.readOptional(dir, "cpu.pressure");
        s.cpu = new CpuStats(usage, throttling, burst, psi.isEmpty() ? Optional.empty()
                : Optional.of(Psi.parse("cpu.pressure", psi.get())));
    }
}
