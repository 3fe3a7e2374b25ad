package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.kernel.KmemDecision;
import io.github.cgroups4j.kernel.KmemGate;
import io.github.cgroups4j.kernel.KmemRequest;
import io.github.cgroups4j.parse.NumaStat;
import io.github.cgroups4j.stats.MemoryData;
import io.github.cgroups4j.stats.MemoryStats;
import io.github.cgroups4j.stats.PageUsageByNuma;
import java.util.Map;
import java.util.Optional;

/**
 * memory, with the patch. {@code apply} asks the {@link KmemGate} whether to enable kernel-memory accounting on the
 * cgroup it just created, and only then writes {@code 1} and {@code -1} to {@code memory.kmem.limit_in_bytes},
 * before any task joins (on 3.10 kernels accounting can only be activated while the cgroup is empty). {@code set}
 * writes kmem limits only when the gate allows; a limit the kernel ignores (6.x) is reported once and the work
 * goes on. Memory and memory+swap are written in the order the kernel accepts (memory first; when the kernel refuses
 * a memory limit above the current memory+swap, memory+swap first), without reading the current limit.
 */
final class MemoryGroup implements Subsystem {
    static final String KMEM = "memory.kmem.limit_in_bytes";
    static final String KMEM_TCP = "memory.kmem.tcp.limit_in_bytes";
    private static final String LIMIT = "memory.limit_in_bytes";
    private static final String SWAP = "memory.memsw.limit_in_bytes";
    /** What an unlimited v1 memory limit reads as (PAGE_COUNTER_MAX pages of 4 KiB). */
    private static final long UNLIMITED = 9223372036854771712L;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Controller controller() {
        return Controller.MEMORY;
    }

    private static KmemDecision decide(V1Context ctx, Resources r, boolean creating) {
        return ctx.config.kmemGate().decide(new KmemRequest(ctx.kernelRelease, false, r.kernelMemory(),
                r.kernelMemoryTcp(), r.hasMemorySettings(), creating));
    }

    @Override
    public void apply(V1Context ctx, String path, Resources r, long pid) throws CgroupException {
        boolean created = ctx.mkdirs(this, path);
        // accounting is enabled only on a cgroup this call created, before any task joins: an existing cgroup's
        // accounting and limit are never touched by apply (the gate says so for every policy)
        KmemDecision d = decide(ctx, r, created);
        ctx.kmem.decision = d;
        if (d.refused() && ctx.config.kmemStrict()) {
            KmemGate.enforce(d, true, path, V1Context.LOG); // throws; apply rolls back
        }
        if (d.enableAccounting()) {
            if (d.warn()) {
                V1Context.LOG.warn("{}: {}", path, d.reason());
            }
            enableKmemAccounting(ctx, path);
        }
        ctx.join(path, pid);
    }

    /** runc's EnableKernelMemoryAccounting: a limited first write activates accounting, -1 lifts the limit. */
    private static void enableKmemAccounting(V1Context ctx, String path) throws CgroupException {
        try {
            ctx.write(path, KMEM, "1");
            ctx.write(path, KMEM, "-1");
            ctx.kmem.accountingEnabled = true;
        } catch (CgroupException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
            ctx.warnOnce(KMEM, "{}: this kernel has no {}: kernel-memory accounting is not available", path, KMEM);
        }
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        setMemoryAndSwap(ctx, path, r);
        // with neither kmem value set the gate writes nothing under any policy: it is not asked
        if (r.kernelMemory().isPresent() || r.kernelMemoryTcp().isPresent()) {
            KmemDecision d = decide(ctx, r, false);
            ctx.kmem.decision = d;
            KmemGate.enforce(d, ctx.config.kmemStrict(), path, V1Context.LOG);
            if (d.writeLimit()) {
                writeKmemLimit(ctx, path, KMEM, r.kernelMemory().orElseThrow());
            }
            if (d.writeTcpLimit()) {
                writeKmemLimit(ctx, path, KMEM_TCP, r.kernelMemoryTcp().orElseThrow());
            }
        }
        if (r.memoryReservation().isPresent()) {
            ctx.write(path, "memory.soft_limit_in_bytes", r.memoryReservation().get().toV1());
        }
        if (r.oomKillDisable()) {
            ctx.write(path, "memory.oom_control", "1");
        }
        if (r.memorySwappiness().isPresent()) {
            ctx.write(path, "memory.swappiness", Long.toString(r.memorySwappiness().getAsLong()));
        }
    }

    private static void writeKmemLimit(V1Context ctx, String path, String file, Limit limit) throws CgroupException {
        try {
            ctx.write(path, file, limit.toV1());
        } catch (CgroupException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
            ctx.warnOnce(file, "{}: this kernel has no {}: the kernel-memory limit is not applied", path, file);
            return;
        }
        if (file.equals(KMEM)) {
            ctx.kmem.limitWritten = true;
        }
        if (!limit.isUnlimited()) {
            long page = ctx.host.pageSize;
            long expected = limit.value() / page * page;
            long got = ctx.readUint(path, file);
            if (got != expected) {
                if (file.equals(KMEM)) {
                    ctx.kmem.ignoredByKernel = true;
                }
                ctx.warnOnce(file + " ignored", "{}: the kernel accepted {} = {} but ignores it (reads {}); kernel "
                        + "{} does not enforce kernel-memory limits on cgroup v1", path, file, limit, got,
                        ctx.kernelRelease);
            }
        }
    }

    private static void setMemoryAndSwap(V1Context ctx, String path, Resources r) throws CgroupException {
        Optional<Limit> mem = r.memory();
        Optional<Limit> swap = r.memorySwap();
        // memory -1 without an explicit swap: swap -1 too, where the kernel accounts swap
        if (mem.isPresent() && mem.get().isUnlimited() && swap.isEmpty() && ctx.exists(path, SWAP)) {
            swap = Optional.of(Limit.unlimited());
        }
        if (mem.isPresent() && swap.isPresent()) {
            if (swap.get().isUnlimited()) {
                ctx.write(path, SWAP, swap.get().toV1()); // growing to unlimited: memory+swap first
                writeMemory(ctx, path, mem.get());
                return;
            }
            // the kernel refuses memory above memory+swap (EINVAL): shrinking needs memory first, growing swap
            // first; try memory first and, when refused, swap then memory (no read of the current limit)
            try {
                ctx.write(path, LIMIT, mem.get().toV1());
            } catch (CgroupException e) {
                if (!e.is(Errno.EINVAL)) {
                    throw rephrase(ctx, path, mem.get(), e);
                }
                ctx.write(path, SWAP, swap.get().toV1());
                writeMemory(ctx, path, mem.get());
                return;
            }
            ctx.write(path, SWAP, swap.get().toV1());
            return;
        }
        if (mem.isPresent()) {
            writeMemory(ctx, path, mem.get());
        }
        if (swap.isPresent()) {
            ctx.write(path, SWAP, swap.get().toV1());
        }
    }

    private static void writeMemory(V1Context ctx, String path, Limit limit) throws CgroupException {
        try {
            ctx.write(path, LIMIT, limit.toV1());
        } catch (CgroupException e) {
            throw rephrase(ctx, path, limit, e);
        }
    }

    /** EBUSY on the memory limit: the usage is above it; say so with the numbers. */
    private static CgroupException rephrase(V1Context ctx, String path, Limit limit, CgroupException e)
            throws CgroupException {
        if (!e.is(Errno.EBUSY)) {
            return e;
        }
        long usage = ctx.readUint(path, "memory.usage_in_bytes");
        long peak = ctx.readUint(path, "memory.max_usage_in_bytes");
        return new CgroupException(CgroupException.Operation.WRITE, path, LIMIT, limit.toV1(), e.errnoNumber(),
                "cannot go below current usage " + usage + " (peak " + peak + ")", e);
    }

    @Override
    public void stats(V1Context ctx, String path, V1Stats s) throws CgroupException {
        Map<String, Long> stat = ctx.readKeyValue(path, "memory.stat");
        MemoryData usage = data(ctx, path, MEMORY_FILES, true);
        MemoryData swap = data(ctx, path, MEMSW_FILES, false);
        MemoryData swapOnly = new MemoryData(Math.max(0, swap.usage() - usage.usage()),
                Math.max(0, swap.maxUsage() - usage.maxUsage()), 0, 0);
        MemoryData kernel = data(ctx, path, KMEM_FILES, false);
        MemoryData kernelTcp = data(ctx, path, KMEM_TCP_FILES, false);
        boolean useHierarchy = ctx.readUint(path, "memory.use_hierarchy") == 1;
        PageUsageByNuma numa = PageUsageByNuma.EMPTY;
        try {
            numa = NumaStat.parse(ctx.read(path, "memory.numa_stat"));
        } catch (CgroupException e) {
            if (!e.is(Errno.ENOENT)) { // kernels without NUMA support have no numa_stat
                throw e;
            }
        }
        s.memory = new MemoryStats(stat.getOrDefault("cache", 0L), usage, swap, swapOnly, kernel, kernelTcp, numa,
                useHierarchy, stat, Optional.empty());
    }

    /** The four files of one memory counter, named once rather than concatenated on every stats call. */
    private record DataFiles(String usage, String max, String failcnt, String limit) {
        static DataFiles of(String prefix) {
            String p = "memory." + prefix;
            return new DataFiles(p + "usage_in_bytes", p + "max_usage_in_bytes", p + "failcnt", p + "limit_in_bytes");
        }
    }

    private static final DataFiles MEMORY_FILES = DataFiles.of("");
    private static final DataFiles MEMSW_FILES = DataFiles.of("memsw.");
    private static final DataFiles KMEM_FILES = DataFiles.of("kmem.");
    private static final DataFiles KMEM_TCP_FILES = DataFiles.of("kmem.tcp.");

    /** usage, max_usage, failcnt and limit of one counter's files; optional families may be absent. */
    private static MemoryData data(V1Context ctx, String path, DataFiles f, boolean required) throws CgroupException {
        long usage;
        try {
            usage = ctx.readUint(path, f.usage());
        } catch (CgroupException e) {
            if (!required && e.is(Errno.ENOENT)) {
                return MemoryData.ZERO;
            }
            throw e;
        }
        long max = ctx.readUint(path, f.max());
        long failcnt = ctx.readUint(path, f.failcnt());
        long limit;
        try {
            limit = ctx.readUint(path, f.limit());
        } catch (CgroupException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
            limit = UNLIMITED; // memory.kmem.limit_in_bytes is gone on new kernels (runc PR 4018)
        }
        return new MemoryData(usage, max, failcnt, limit);
    }
}
