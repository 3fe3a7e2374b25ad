package io.github.cgroups4j.fs.v2;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.V2Conversions;
import io.github.cgroups4j.kernel.KmemDecision;
import io.github.cgroups4j.kernel.KmemGate;
import io.github.cgroups4j.kernel.KmemRequest;
import io.github.cgroups4j.parse.CgroupValues;
import io.github.cgroups4j.parse.Psi;
import io.github.cgroups4j.stats.MemoryData;
import io.github.cgroups4j.stats.MemoryStats;
import io.github.cgroups4j.stats.PageUsageByNuma;
import java.util.Map;
import java.util.Optional;

/**
 * memory, as opencontainers' {@code fs2/memory.go}: the OCI memory+swap limit converted to {@code memory.swap.max}
 * and written first, then {@code memory.max} and {@code memory.low} (the reservation); with
 * {@code memoryCheckBeforeUpdate}, a limit below the current usage is refused before anything is written. Kernel
 * memory has no v2 limit (v2 always accounts it): the gate refuses it with a warning, or an error when strict.
 */
final class MemoryController implements V2Controller {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public boolean requested(Resources r) {
        return r.memory().isPresent() || r.memoryReservation().isPresent() || r.memorySwap().isPresent();
    }

    /** A limit as opencontainers passes it: -1 for unlimited, 0 for not set. */
    private static long runc(Optional<Limit> l) {
        return l.map(Limit::toRunc).orElse(0L);
    }

    /**
     * {@code memoryCheckBeforeUpdate} (opencontainers' {@code CheckMemoryUsage}): a memory limit below the current
     * usage is refused before anything is written.
     */
    static void checkUsage(io.github.cgroups4j.spi.CgroupFs fs, String dir, Resources r) throws CgroupException {
        if (r.memoryCheckBeforeUpdate() && r.memory().isPresent() && !r.memory().get().isUnlimited()) {
            long current = fs.readUint(dir, "memory.current");
            if (r.memory().get().value() < current) {
                throw new CgroupException(CgroupException.Operation.SET, dir, "memory.max",
                        r.memory().get().toV2(), 0, "the memory limit " + r.memory().get().value()
                                + " is below the current usage " + current + " (memoryCheckBeforeUpdate)", null);
            }
        }
    }

    @Override
    public void set(V2Context ctx, String dir, Resources r) throws CgroupException {
        if (r.kernelMemory().isPresent() || r.kernelMemoryTcp().isPresent()) {
            KmemDecision d = ctx.config.kmemGate().decide(new KmemRequest(ctx.kernelRelease, true, r.kernelMemory(),
                    r.kernelMemoryTcp(), requested(r), false));
            KmemGate.enforce(d, ctx.config.kmemStrict(), dir, V2Context.LOG);
        }
        if (!requested(r)) {
            return;
        }
        checkUsage(ctx.fs, dir, r);
        long swap;
        try {
            swap = V2Conversions.swapOfMemorySwap(runc(r.memorySwap()), runc(r.memory()));
        } catch (IllegalArgumentException e) {
            throw new CgroupException(CgroupException.Operation.SET, dir, "memory.swap.max", null, 0, e.getMessage(),
                    e);
        }
        String swapValue = swap == -1 ? "max" : swap > 0 ? Long.toString(swap)
                : r.memorySwap().isPresent() && !r.memorySwap().get().isUnlimited() ? "0" : null;
        if (swapValue != null) {
            try {
                ctx.write(dir, "memory.swap.max", swapValue);
            } catch (CgroupException e) {
                // no swap accounting in this kernel: "max" or "no swap" is what it does anyway
                if (!(e.is(Errno.ENOENT) && (swapValue.equals("max") || swapValue.equals("0")))) {
                    throw e;
                }
            }
        }
        if (r.memory().isPresent()) {
            ctx.write(dir, "memory.max", r.memory().get().toV2());
        }
        if (r.memoryReservation().isPresent()) {
            ctx.write(dir, "memory.low", r.memoryReservation().get().toV2());
        }
    }

    @Override
    public void stats(V2Context ctx, String dir, V2Stats s) throws CgroupException {
        Optional<String> stat = ctx.readOptional(dir, "memory.stat");
        if (stat.isEmpty()) {
            return; // the memory controller is not enabled here
        }
        Map<String, Long> st = io.github.cgroups4j.parse.KeyValueFile.parse("memory.stat", stat.get());
        MemoryData usage = data(ctx, dir, "memory.");
        MemoryData swapOnly = data(ctx, dir, "memory.swap.");
        // v1 reports swap as memory+swap: combine for compatibility, as opencontainers; its peak cannot be combined
        long swapLimit = swapOnly.limit() == CgroupValues.MAX || usage.limit() == CgroupValues.MAX ? CgroupValues.MAX
                : swapOnly.limit() + usage.limit();
        MemoryData swap = new MemoryData(swapOnly.usage() + usage.usage(), 0, 0, swapLimit);
        Optional<String> psi = ctx.readOptional(dir, "memory.pressure");
        s.memory = new MemoryStats(st.getOrDefault("file", 0L), usage, swap, swapOnly, MemoryData.ZERO,
                MemoryData.ZERO, PageUsageByNuma.EMPTY, true, st, psi.isEmpty() ? Optional.empty()
                        : Optional.of(Psi.parse("memory.pressure", psi.get())));
    }

    /** current, peak (5.19+; swap's 6.5+) and max of {@code memory.*} or {@code memory.swap.*}. */
    private static MemoryData data(V2Context ctx, String dir, String prefix) throws CgroupException {
        Optional<String> current = ctx.readOptional(dir, prefix + "current");
        if (current.isEmpty()) {
            return MemoryData.ZERO; // no swap accounting
        }
        Optional<String> peakText = ctx.readOptional(dir, prefix + "peak");
        long peak = peakText.isEmpty() ? 0 : CgroupValues.parseUint(peakText.get());
        return new MemoryData(CgroupValues.parseUint(current.get()), peak, 0,
                CgroupValues.parseUint(ctx.read(dir, prefix + "max")));
    }
}
