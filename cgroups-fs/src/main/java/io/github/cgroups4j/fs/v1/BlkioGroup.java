package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.ThrottleDevice;
import io.github.cgroups4j.WeightDevice;
import io.github.cgroups4j.parse.BlkioStatFile;
import io.github.cgroups4j.stats.BlkioStatEntry;
import io.github.cgroups4j.stats.BlkioStats;
import java.util.List;
import java.util.Optional;

/**
 * blkio: the weight goes to {@code blkio.weight} (CFQ) or {@code blkio.bfq.weight} (BFQ), whichever the kernel
 * has; throttles to {@code blkio.throttle.*}. Statistics take the first complete group of recursive files, in
 * runc's order: BFQ debug, BFQ, CFQ, throttle recursive, throttle.
 */
final class BlkioGroup implements Subsystem {
    private static final String[] KEYS = {"sectors", "serviceTime", "waitTime", "merged", "queued", "time", "serviced",
        "serviceBytes"};
    private static final List<List<String>> ORDERED = List.of(
            List.of("blkio.bfq.sectors_recursive", "blkio.bfq.io_service_time_recursive",
                    "blkio.bfq.io_wait_time_recursive", "blkio.bfq.io_merged_recursive",
                    "blkio.bfq.io_queued_recursive", "blkio.bfq.time_recursive", "blkio.bfq.io_serviced_recursive",
                    "blkio.bfq.io_service_bytes_recursive"),
            List.of("", "", "", "", "", "", "blkio.bfq.io_serviced_recursive", "blkio.bfq.io_service_bytes_recursive"),
            List.of("blkio.sectors_recursive", "blkio.io_service_time_recursive", "blkio.io_wait_time_recursive",
                    "blkio.io_merged_recursive", "blkio.io_queued_recursive", "blkio.time_recursive",
                    "blkio.io_serviced_recursive", "blkio.io_service_bytes_recursive"),
            List.of("", "", "", "", "", "", "blkio.throttle.io_serviced_recursive",
                    "blkio.throttle.io_service_bytes_recursive"),
            List.of("", "", "", "", "", "", "blkio.throttle.io_serviced", "blkio.throttle.io_service_bytes"));

    private volatile Boolean bfq;

    @Override
    public String name() {
        return "blkio";
    }

    @Override
    public Controller controller() {
        return Controller.BLKIO;
    }

    private boolean bfq(V1Context ctx, String path) {
        Boolean b = bfq;
        if (b == null) {
            b = !ctx.exists(path, "blkio.weight") && ctx.exists(path, "blkio.bfq.weight");
            bfq = b;
        }
        return b;
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        boolean useBfq = (r.blkioWeight().isPresent() || !r.blkioWeightDevice().isEmpty()) && bfq(ctx, path);
        if (r.blkioWeight().isPresent()) {
            ctx.write(path, useBfq ? "blkio.bfq.weight" : "blkio.weight", Integer.toString(r.blkioWeight().getAsInt()));
        }
        if (r.blkioLeafWeight().isPresent()) {
            ctx.write(path, "blkio.leaf_weight", Integer.toString(r.blkioLeafWeight().getAsInt()));
        }
        for (WeightDevice wd : r.blkioWeightDevice()) {
            if (wd.weight().isPresent()) {
                ctx.write(path, useBfq ? "blkio.bfq.weight_device" : "blkio.weight_device", wd.weightString());
            }
            if (wd.leafWeight().isPresent()) {
                ctx.write(path, "blkio.leaf_weight_device", wd.leafWeightString());
            }
        }
        throttle(ctx, path, "blkio.throttle.read_bps_device", r.blkioThrottleReadBpsDevice());
        throttle(ctx, path, "blkio.throttle.write_bps_device", r.blkioThrottleWriteBpsDevice());
        throttle(ctx, path, "blkio.throttle.read_iops_device", r.blkioThrottleReadIopsDevice());
        throttle(ctx, path, "blkio.throttle.write_iops_device", r.blkioThrottleWriteIopsDevice());
    }

    private static void throttle(V1Context ctx, String path, String file, List<ThrottleDevice> devices)
            throws CgroupException {
        for (ThrottleDevice d : devices) {
            ctx.write(path, file, d.toV1());
        }
    }

    private static String firstFile(List<String> group) {
        for (String f : group) {
            if (!f.isEmpty()) {
                return f;
            }
        }
        throw new IllegalStateException("an empty statistics group");
    }

    /** @return the entries, empty for an empty file, or null when the file does not exist */
    private static List<BlkioStatEntry> read(V1Context ctx, String path, String file) throws CgroupException {
        try {
            return BlkioStatFile.parse(file, ctx.read(path, file));
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT)) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void stats(V1Context ctx, String path, V1Stats s) throws CgroupException {
        // which statistics groups this kernel has: decided once per host snapshot from the hierarchy's root (which
        // has the same statistics files as every cgroup and never goes away), never from a cgroup that can vanish.
        // A probe that found none (every kernel has the throttle files: an error, such as EMFILE, answered it) is
        // not kept, and is made again at the next call
        boolean[] have = (boolean[]) ctx.host.probed.get("blkio.statistics");
        if (have == null) {
            String root = ctx.mounts.get(name());
            have = new boolean[ORDERED.size()];
            boolean any = false;
            for (int g = 0; g < have.length; g++) {
                have[g] = ctx.exists(root, firstFile(ORDERED.get(g)));
                any |= have[g];
            }
            if (any) {
                ctx.host.probed.putIfAbsent("blkio.statistics", have);
            }
        }
        for (int g = 0; g < ORDERED.size(); g++) {
            if (!have[g]) {
                continue;
            }
            List<String> group = ORDERED.get(g);
            List<List<BlkioStatEntry>> got = new java.util.ArrayList<>(
                    java.util.Collections.nCopies(KEYS.length, List.<BlkioStatEntry>of()));
            boolean first = true;
            boolean complete = true;
            for (int i = 0; i < KEYS.length; i++) {
                String file = group.get(i);
                if (file.isEmpty()) {
                    continue;
                }
                List<BlkioStatEntry> e = read(ctx, path, file);
                if (e == null || e.isEmpty()) {
                    if (first) {
                        complete = false;
                        break; // this group is absent or empty: try the next
                    }
                } else {
                    got.set(i, e);
                }
                first = false;
            }
            if (complete) {
                s.blkio = new BlkioStats(got.get(7), got.get(6), got.get(4), got.get(1), got.get(2), got.get(3),
                        got.get(5), got.get(0), List.of(),
                        List.of(), List.of(), List.of(), Optional.empty());
                return;
            }
        }
    }
}
