package io.github.cgroups4j.fs.v2;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.ThrottleDevice;
import io.github.cgroups4j.V2Conversions;
import io.github.cgroups4j.WeightDevice;
import io.github.cgroups4j.parse.Psi;
import io.github.cgroups4j.stats.BlkioStatEntry;
import io.github.cgroups4j.stats.BlkioStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * io, as opencontainers' {@code fs2/io.go}: the blkio weight goes to {@code io.bfq.weight} where BFQ is there,
 * otherwise converted to {@code io.weight}; per-device weights only where BFQ takes them; throttles to
 * {@code io.max}. Statistics from {@code io.stat}, its cost fields included, and {@code io.pressure}.
 */
final class IoController implements V2Controller {
    @Override
    public String name() {
        return "io";
    }

    @Override
    public boolean requested(Resources r) {
        return r.blkioWeight().isPresent() || !r.blkioWeightDevice().isEmpty()
                || !r.blkioThrottleReadBpsDevice().isEmpty() || !r.blkioThrottleWriteBpsDevice().isEmpty()
                || !r.blkioThrottleReadIopsDevice().isEmpty() || !r.blkioThrottleWriteIopsDevice().isEmpty();
    }

    @Override
    public void set(V2Context ctx, String dir, Resources r) throws CgroupException {
        if (!requested(r)) {
            return;
        }
        Optional<String> bfq = r.blkioWeight().isPresent() || !r.blkioWeightDevice().isEmpty()
                ? ctx.readOptional(dir, "io.bfq.weight") : Optional.empty();
        if (r.blkioWeight().isPresent()) {
            int w = r.blkioWeight().getAsInt();
            if (bfq.isPresent()) {
                ctx.write(dir, "io.bfq.weight", Integer.toString(w));
            } else {
                ctx.write(dir, "io.weight", Long.toString(V2Conversions.ioWeightOfBlkioWeight(w)));
            }
        }
        // BFQ takes per-device weights where its file shows "default N" lines, not a bare number (old kernels)
        if (bfq.isPresent() && !bfq.get().strip().matches("[0-9]+")) {
            for (WeightDevice wd : r.blkioWeightDevice()) {
                if (wd.weight().isPresent()) {
                    ctx.write(dir, "io.bfq.weight", wd.weightString());
                }
            }
        }
        throttle(ctx, dir, "rbps", r.blkioThrottleReadBpsDevice());
        throttle(ctx, dir, "wbps", r.blkioThrottleWriteBpsDevice());
        throttle(ctx, dir, "riops", r.blkioThrottleReadIopsDevice());
        throttle(ctx, dir, "wiops", r.blkioThrottleWriteIopsDevice());
    }

    private static void throttle(V2Context ctx, String dir, String key, List<ThrottleDevice> devices)
            throws CgroupException {
        for (ThrottleDevice d : devices) {
            ctx.write(dir, "io.max", d.toV2(key));
        }
    }

    @Override
    public void stats(V2Context ctx, String dir, V2Stats s) throws CgroupException {
        Optional<String> stat = ctx.readOptional(dir, "io.stat");
        if (stat.isEmpty()) {
            return;
        }
        List<BlkioStatEntry> bytes = new ArrayList<>();
        List<BlkioStatEntry> ios = new ArrayList<>();
        List<BlkioStatEntry> usage = new ArrayList<>();
        List<BlkioStatEntry> wait = new ArrayList<>();
        List<BlkioStatEntry> indebt = new ArrayList<>();
        List<BlkioStatEntry> indelay = new ArrayList<>();
        for (String line : stat.get().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || !f[0].matches("[0-9]+:[0-9]+")) {
                continue; // as opencontainers: lines without a device are skipped
            }
            String[] mm = f[0].split(":");
            long major = Long.parseLong(mm[0]);
            long minor = Long.parseLong(mm[1]);
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq <= 0 || !f[i].substring(eq + 1).matches("[0-9]{1,19}")) {
                    continue;
                }
                long v = Long.parseLong(f[i].substring(eq + 1));
                switch (f[i].substring(0, eq)) {
                    case "rbytes" -> bytes.add(new BlkioStatEntry(major, minor, "Read", v));
                    case "wbytes" -> bytes.add(new BlkioStatEntry(major, minor, "Write", v));
                    case "rios" -> ios.add(new BlkioStatEntry(major, minor, "Read", v));
                    case "wios" -> ios.add(new BlkioStatEntry(major, minor, "Write", v));
                    case "cost.usage" -> usage.add(new BlkioStatEntry(major, minor, "Count", v));
                    case "cost.wait" -> wait.add(new BlkioStatEntry(major, minor, "Count", v));
                    case "cost.indebt" -> indebt.add(new BlkioStatEntry(major, minor, "Count", v));
                    case "cost.indelay" -> indelay.add(new BlkioStatEntry(major, minor, "Count", v));
                    default -> {
                        // dbytes, dios and what newer kernels add: not in runc's stats
                    }
                }
            }
        }
        Optional<String> psi = ctx.readOptional(dir, "io.pressure");
        s.io = new BlkioStats(bytes, ios, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), usage,
                wait, indebt, indelay, psi.isEmpty() ? Optional.empty() : Optional.of(Psi.parse("io.pressure",
                        psi.get())));
    }
}
