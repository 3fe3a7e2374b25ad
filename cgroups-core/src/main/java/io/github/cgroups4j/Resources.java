package io.github.cgroups4j;

import io.github.cgroups4j.parse.CpuList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The resources of a cgroup: every field of runc's / opencontainers' {@code Resources} (see the field table in the
 * project's reference notes) plus {@code kernelMemory} and {@code kernelMemoryTcp}, which only pass the
 * {@linkplain io.github.cgroups4j.kernel.KmemGate kernel-memory gate}.
 *
 * <p>Immutable. An empty {@code Optional} / {@code OptionalLong} / list means "not set": the manager leaves that
 * file alone. Zero is a value, and "unlimited" is {@link Limit#unlimited()}, except where runc reads zero or empty as
 * "not set", which this record follows so that a runc configuration means the same here: {@code memory},
 * {@code memoryReservation}, {@code memorySwap}, {@code cpuShares}, {@code cpuQuota}, {@code cpuPeriod},
 * {@code cpuRtRuntime}, {@code cpuRtPeriod}, {@code pidsLimit}, {@code blkioWeight}, {@code blkioLeafWeight} and
 * {@code netClsClassid} of 0, {@code memorySwappiness} of -1, and an empty {@code cpusetCpus}/{@code cpusetMems} are
 * stored as not set. ({@code kernelMemory} 0 is kept: the gate reports it as "kernelMemory is 0".)
 *
 * <p>Device rules keep "not set" and "empty" apart: {@code devices} empty (the default) leaves the cgroup's device
 * rules as they are; {@code devices} present with an empty list is runc's empty rule list, which its emulator
 * builds as deny-all (only the rules listed are allowed, so none). Build with {@link #builder()}; the
 * constructor validates every range and format and names the field and value when it refuses one.
 *
 * @param devices device rules, applied in order; empty: not set (left alone); an empty list: deny every device
 * @param memory memory limit in bytes (v1 {@code memory.limit_in_bytes}, v2 {@code memory.max})
 * @param memoryReservation soft limit in bytes (v1 {@code memory.soft_limit_in_bytes}, v2 {@code memory.low})
 * @param memorySwap memory+swap limit in bytes (v1 {@code memory.memsw.limit_in_bytes}; v2 converted)
 * @param kernelMemory kernel memory limit in bytes (v1 {@code memory.kmem.limit_in_bytes}), gated
 * @param kernelMemoryTcp kernel TCP buffer limit in bytes (v1 {@code memory.kmem.tcp.limit_in_bytes}), gated
 * @param cpuShares v1 {@code cpu.shares}, 2..262144
 * @param cpuWeight v2 {@code cpu.weight}, 1..10000
 * @param cpuQuota CFS quota in microseconds per period (v1 {@code cpu.cfs_quota_us}, v2 {@code cpu.max})
 * @param cpuPeriod CFS period in microseconds, 1000..1000000
 * @param cpuBurst CFS burst in microseconds (v1 {@code cpu.cfs_burst_us}, v2 {@code cpu.max.burst})
 * @param cpuRtRuntime realtime runtime in microseconds, -1 for unlimited (v1 {@code cpu.rt_runtime_us})
 * @param cpuRtPeriod realtime period in microseconds (v1 {@code cpu.rt_period_us})
 * @param cpusetCpus CPUs allowed ({@code cpuset.cpus})
 * @param cpusetMems memory nodes allowed ({@code cpuset.mems})
 * @param cpuIdle {@code cpu.idle}, 0 or 1
 * @param pidsLimit maximum number of tasks ({@code pids.max})
 * @param blkioWeight 10..1000 ({@code blkio.weight} or {@code blkio.bfq.weight}; v2 {@code io.weight})
 * @param blkioLeafWeight 10..1000 ({@code blkio.leaf_weight})
 * @param blkioWeightDevice per-device weights
 * @param blkioThrottleReadBpsDevice per-device read bytes/s
 * @param blkioThrottleWriteBpsDevice per-device write bytes/s
 * @param blkioThrottleReadIopsDevice per-device read operations/s
 * @param blkioThrottleWriteIopsDevice per-device write operations/s
 * @param freezer the freezer state to set
 * @param hugetlbLimits huge page limits
 * @param oomKillDisable v1 {@code memory.oom_control}; only {@code true} is written
 * @param memorySwappiness v1 {@code memory.swappiness}, 0..100
 * @param netPrioIfpriomap v1 {@code net_prio.ifpriomap}
 * @param netClsClassid v1 {@code net_cls.classid}, 0..2^32-1
 * @param rdma per-device RDMA limits ({@code rdma.max})
 * @param unified raw cgroup v2 {@code file -> value} writes (refused on v1)
 * @param skipDevices leave device rules alone (kubelet's pod-level cgroups)
 * @param skipFreezeOnSet systemd: do not freeze around setting unit properties
 * @param memoryCheckBeforeUpdate v2: refuse a memory limit below current usage
 */
public record Resources(
        Optional<List<DeviceRule>> devices,
        Optional<Limit> memory,
        Optional<Limit> memoryReservation,
        Optional<Limit> memorySwap,
        Optional<Limit> kernelMemory,
        Optional<Limit> kernelMemoryTcp,
        OptionalLong cpuShares,
        OptionalLong cpuWeight,
        Optional<Limit> cpuQuota,
        OptionalLong cpuPeriod,
        OptionalLong cpuBurst,
        OptionalLong cpuRtRuntime,
        OptionalLong cpuRtPeriod,
        Optional<CpuList> cpusetCpus,
        Optional<CpuList> cpusetMems,
        OptionalLong cpuIdle,
        Optional<Limit> pidsLimit,
        OptionalInt blkioWeight,
        OptionalInt blkioLeafWeight,
        List<WeightDevice> blkioWeightDevice,
        List<ThrottleDevice> blkioThrottleReadBpsDevice,
        List<ThrottleDevice> blkioThrottleWriteBpsDevice,
        List<ThrottleDevice> blkioThrottleReadIopsDevice,
        List<ThrottleDevice> blkioThrottleWriteIopsDevice,
        Optional<FreezerState> freezer,
        List<HugepageLimit> hugetlbLimits,
        boolean oomKillDisable,
        OptionalLong memorySwappiness,
        List<IfPrioMap> netPrioIfpriomap,
        OptionalLong netClsClassid,
        Map<String, RdmaLimit> rdma,
        Map<String, String> unified,
        boolean skipDevices,
        boolean skipFreezeOnSet,
        boolean memoryCheckBeforeUpdate) {

    private static final Resources EMPTY = builder().build();

    /** Validates every field; a message names the field and the value refused. */
    public Resources {
        devices = devices == null ? Optional.empty() : devices.map(List::copyOf);
        memory = zeroUnset(nn(memory)); // runc: 0 is not set
        memoryReservation = zeroUnset(nn(memoryReservation));
        memorySwap = zeroUnset(nn(memorySwap));
        kernelMemory = nn(kernelMemory);
        kernelMemoryTcp = nn(kernelMemoryTcp);
        cpuShares = zeroUnset(nn(cpuShares)); // runc: 0 is not set
        cpuWeight = nn(cpuWeight);
        cpuQuota = zeroUnset(nn(cpuQuota));
        cpuPeriod = zeroUnset(nn(cpuPeriod));
        cpuBurst = nn(cpuBurst);
        cpuRtRuntime = zeroUnset(nn(cpuRtRuntime)); // runc: 0 is not set
        cpuRtPeriod = zeroUnset(nn(cpuRtPeriod));
        cpusetCpus = nn(cpusetCpus).filter(l -> !l.isEmpty()); // runc: "" is not set
        cpusetMems = nn(cpusetMems).filter(l -> !l.isEmpty());
        cpuIdle = nn(cpuIdle);
        pidsLimit = nn(pidsLimit).filter(l -> l.isUnlimited() || l.value() != 0); // runc: 0 is not set
        blkioWeight = blkioWeight == null || blkioWeight.isPresent() && blkioWeight.getAsInt() == 0
                ? OptionalInt.empty() : blkioWeight; // runc: 0 is not set
        blkioLeafWeight = blkioLeafWeight == null || blkioLeafWeight.isPresent() && blkioLeafWeight.getAsInt() == 0
                ? OptionalInt.empty() : blkioLeafWeight;
        blkioWeightDevice = List.copyOf(blkioWeightDevice);
        blkioThrottleReadBpsDevice = List.copyOf(blkioThrottleReadBpsDevice);
        blkioThrottleWriteBpsDevice = List.copyOf(blkioThrottleWriteBpsDevice);
        blkioThrottleReadIopsDevice = List.copyOf(blkioThrottleReadIopsDevice);
        blkioThrottleWriteIopsDevice = List.copyOf(blkioThrottleWriteIopsDevice);
        freezer = nn(freezer);
        hugetlbLimits = List.copyOf(hugetlbLimits);
        memorySwappiness = nn(memorySwappiness);
        if (memorySwappiness.isPresent() && memorySwappiness.getAsLong() == -1) {
            memorySwappiness = OptionalLong.empty(); // runc: -1 is not set
        }
        netPrioIfpriomap = List.copyOf(netPrioIfpriomap);
        netClsClassid = zeroUnset(nn(netClsClassid)); // runc: 0 is not set
        rdma = Map.copyOf(rdma);
        unified = Map.copyOf(unified);

        if (memory.isPresent() && memorySwap.isPresent() && !memory.get().isUnlimited()
                && !memorySwap.get().isUnlimited() && memorySwap.get().value() < memory.get().value()) {
            throw new IllegalArgumentException("memorySwap: " + memorySwap.get() + " is below memory "
                    + memory.get() + " (memorySwap is the memory+swap limit)");
        }
        cpuShares.ifPresent(v -> checkRange("cpuShares", v, 2, 262_144));
        cpuWeight.ifPresent(v -> checkRange("cpuWeight", v, 1, 10_000));
        cpuQuota.ifPresent(q -> {
            if (!q.isUnlimited()) {
                checkRange("cpuQuota", q.value(), 1_000, Long.MAX_VALUE / 1_000);
            }
        });
        cpuPeriod.ifPresent(v -> checkRange("cpuPeriod", v, 1_000, 1_000_000));
        cpuBurst.ifPresent(v -> checkRange("cpuBurst", v, 0, Long.MAX_VALUE / 1_000));
        cpuRtRuntime.ifPresent(v -> checkRange("cpuRtRuntime", v, -1, Long.MAX_VALUE / 1_000));
        cpuRtPeriod.ifPresent(v -> checkRange("cpuRtPeriod", v, 1, 1_000_000_000L));
        cpuIdle.ifPresent(v -> checkRange("cpuIdle", v, 0, 1));
        blkioWeight.ifPresent(v -> checkRange("blkioWeight", v, 10, 1_000));
        blkioLeafWeight.ifPresent(v -> checkRange("blkioLeafWeight", v, 10, 1_000));
        memorySwappiness.ifPresent(v -> checkRange("memorySwappiness", v, 0, 100));
        netClsClassid.ifPresent(v -> checkRange("netClsClassid", v, 0, 0xFFFF_FFFFL));
        if (freezer.isPresent() && freezer.get() == FreezerState.UNDEFINED) {
            throw new IllegalArgumentException("freezer: UNDEFINED cannot be set; use FROZEN or THAWED");
        }
        long distinctSizes = hugetlbLimits.stream().map(HugepageLimit::pageSize).distinct().count();
        if (distinctSizes != hugetlbLimits.size()) {
            throw new IllegalArgumentException("hugetlbLimits: a page size is listed twice: " + hugetlbLimits);
        }
        for (String dev : rdma.keySet()) {
            if (dev.isEmpty() || !dev.matches("[^\\s/]+")) {
                throw new IllegalArgumentException("rdma: \"" + dev + "\" is not a device name");
            }
        }
        for (Map.Entry<String, String> e : unified.entrySet()) {
            String k = e.getKey();
            if (k.isEmpty() || k.contains("/") || k.equals(".") || k.equals("..") || !k.contains(".")
                    || k.indexOf('\0') >= 0 || k.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("unified: \"" + k.replace("\n", "\\n")
                        + "\" is not a cgroup v2 interface file name");
            }
            if (e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("unified: the value of " + k + " holds a newline or NUL (one "
                        + "write(2) is one value)");
            }
        }
    }

    /** @return resources with nothing set */
    public static Resources empty() {
        return EMPTY;
    }

    /** @return a builder with nothing set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * runc's {@code memoryAssigned}: whether any memory setting is present (memory, reservation, swap, kernel,
     * kernel TCP, oomKillDisable, swappiness). The legacy kmem policy enables accounting on a cgroup it creates
     * exactly when this is true.
     *
     * @return whether any memory setting is present
     */
    public boolean hasMemorySettings() {
        return memory.isPresent() || memoryReservation.isPresent() || memorySwap.isPresent()
                || kernelMemory.isPresent() || kernelMemoryTcp.isPresent() || oomKillDisable
                || memorySwappiness.isPresent();
    }

    static void checkRange(String field, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + ": " + v + " is out of range [" + min + ", " + max + "]");
        }
    }

    static void checkDevice(String field, long major, long minor) {
        if (major < 0 || minor < 0 || major > 0xFFF_FFFFL || minor > 0xFFF_FFFFL) {
            throw new IllegalArgumentException(field + ": " + major + ":" + minor + " is not a device number");
        }
    }

    private static <T> Optional<T> nn(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }

    private static Optional<Limit> zeroUnset(Optional<Limit> o) {
        return o.filter(l -> l.isUnlimited() || l.value() != 0);
    }

    private static OptionalLong zeroUnset(OptionalLong o) {
        return o.isPresent() && o.getAsLong() == 0 ? OptionalLong.empty() : o;
    }

    private static OptionalLong nn(OptionalLong o) {
        return o == null ? OptionalLong.empty() : o;
    }

    /** Collects values; {@link #build()} validates them. Setters return this builder. */
    public static final class Builder {
        private List<DeviceRule> devices;
        private Limit memory;
        private Limit memoryReservation;
        private Limit memorySwap;
        private Limit kernelMemory;
        private Limit kernelMemoryTcp;
        private Long cpuShares;
        private Long cpuWeight;
        private Limit cpuQuota;
        private Long cpuPeriod;
        private Long cpuBurst;
        private Long cpuRtRuntime;
        private Long cpuRtPeriod;
        private CpuList cpusetCpus;
        private CpuList cpusetMems;
        private Long cpuIdle;
        private Limit pidsLimit;
        private Integer blkioWeight;
        private Integer blkioLeafWeight;
        private final List<WeightDevice> blkioWeightDevice = new ArrayList<>();
        private final List<ThrottleDevice> readBps = new ArrayList<>();
        private final List<ThrottleDevice> writeBps = new ArrayList<>();
        private final List<ThrottleDevice> readIops = new ArrayList<>();
        private final List<ThrottleDevice> writeIops = new ArrayList<>();
        private FreezerState freezer;
        private final List<HugepageLimit> hugetlbLimits = new ArrayList<>();
        private boolean oomKillDisable;
        private Long memorySwappiness;
        private final List<IfPrioMap> ifPrioMap = new ArrayList<>();
        private Long netClsClassid;
        private final Map<String, RdmaLimit> rdma = new LinkedHashMap<>();
        private final Map<String, String> unified = new LinkedHashMap<>();
        private boolean skipDevices;
        private boolean skipFreezeOnSet;
        private boolean memoryCheckBeforeUpdate;
        private String cpusetCpusText;
        private String cpusetMemsText;

        private Builder() {
        }

        private Builder(Resources r) {
            devices = r.devices.map(ArrayList::new).orElse(null);
            memory = r.memory.orElse(null);
            memoryReservation = r.memoryReservation.orElse(null);
            memorySwap = r.memorySwap.orElse(null);
            kernelMemory = r.kernelMemory.orElse(null);
            kernelMemoryTcp = r.kernelMemoryTcp.orElse(null);
            cpuShares = box(r.cpuShares);
            cpuWeight = box(r.cpuWeight);
            cpuQuota = r.cpuQuota.orElse(null);
            cpuPeriod = box(r.cpuPeriod);
            cpuBurst = box(r.cpuBurst);
            cpuRtRuntime = box(r.cpuRtRuntime);
            cpuRtPeriod = box(r.cpuRtPeriod);
            cpusetCpus = r.cpusetCpus.orElse(null);
            cpusetMems = r.cpusetMems.orElse(null);
            cpuIdle = box(r.cpuIdle);
            pidsLimit = r.pidsLimit.orElse(null);
            blkioWeight = r.blkioWeight.isPresent() ? r.blkioWeight.getAsInt() : null;
            blkioLeafWeight = r.blkioLeafWeight.isPresent() ? r.blkioLeafWeight.getAsInt() : null;
            blkioWeightDevice.addAll(r.blkioWeightDevice);
            readBps.addAll(r.blkioThrottleReadBpsDevice);
            writeBps.addAll(r.blkioThrottleWriteBpsDevice);
            readIops.addAll(r.blkioThrottleReadIopsDevice);
            writeIops.addAll(r.blkioThrottleWriteIopsDevice);
            freezer = r.freezer.orElse(null);
            hugetlbLimits.addAll(r.hugetlbLimits);
            oomKillDisable = r.oomKillDisable;
            memorySwappiness = box(r.memorySwappiness);
            ifPrioMap.addAll(r.netPrioIfpriomap);
            netClsClassid = box(r.netClsClassid);
            rdma.putAll(r.rdma);
            unified.putAll(r.unified);
            skipDevices = r.skipDevices;
            skipFreezeOnSet = r.skipFreezeOnSet;
            memoryCheckBeforeUpdate = r.memoryCheckBeforeUpdate;
        }

        private static Long box(OptionalLong o) {
            return o.isPresent() ? o.getAsLong() : null;
        }

        private static Limit bytes(String field, long v) {
            if (v < 0) {
                throw new IllegalArgumentException(field + ": " + v + " is negative; use the *Unlimited() setter");
            }
            return Limit.of(v);
        }

        /** @param rule a device rule, appended (device rules become set) @return this */
        public Builder device(DeviceRule rule) {
            Objects.requireNonNull(rule);
            if (devices == null) {
                devices = new ArrayList<>();
            }
            devices.add(rule);
            return this;
        }

        /**
         * Appends rules; device rules become set even when {@code rules} is empty, which denies every device (runc's
         * emulator starts from deny-all).
         *
         * @param rules device rules, appended
         * @return this
         */
        public Builder devices(List<DeviceRule> rules) {
            if (devices == null) {
                devices = new ArrayList<>();
            }
            rules.forEach(this::device);
            return this;
        }

        /** Device rules not set again: the cgroup's rules are left alone. @return this */
        public Builder clearDevices() {
            devices = null;
            return this;
        }

        /** @param bytes memory limit @return this */
        public Builder memory(long bytes) {
            memory = bytes("memory", bytes);
            return this;
        }

        /** @param limit memory limit, or null to unset @return this */
        public Builder memory(Limit limit) {
            memory = limit;
            return this;
        }

        /** @param bytes soft limit @return this */
        public Builder memoryReservation(long bytes) {
            memoryReservation = bytes("memoryReservation", bytes);
            return this;
        }

        /** @param limit soft limit, or null to unset @return this */
        public Builder memoryReservation(Limit limit) {
            memoryReservation = limit;
            return this;
        }

        /** @param bytes memory+swap limit @return this */
        public Builder memorySwap(long bytes) {
            memorySwap = bytes("memorySwap", bytes);
            return this;
        }

        /** @param limit memory+swap limit, or null to unset @return this */
        public Builder memorySwap(Limit limit) {
            memorySwap = limit;
            return this;
        }

        /** @param bytes kernel memory limit (gated) @return this */
        public Builder kernelMemory(long bytes) {
            kernelMemory = bytes("kernelMemory", bytes);
            return this;
        }

        /** @param limit kernel memory limit (gated), or null to unset @return this */
        public Builder kernelMemory(Limit limit) {
            kernelMemory = limit;
            return this;
        }

        /** @param bytes kernel TCP limit (gated) @return this */
        public Builder kernelMemoryTcp(long bytes) {
            kernelMemoryTcp = bytes("kernelMemoryTcp", bytes);
            return this;
        }

        /** @param limit kernel TCP limit (gated), or null to unset @return this */
        public Builder kernelMemoryTcp(Limit limit) {
            kernelMemoryTcp = limit;
            return this;
        }

        /** @param shares 2..262144 @return this */
        public Builder cpuShares(long shares) {
            cpuShares = shares;
            return this;
        }

        /** @param weight 1..10000 @return this */
        public Builder cpuWeight(long weight) {
            cpuWeight = weight;
            return this;
        }

        /** @param micros quota per period, at least 1000 @return this */
        public Builder cpuQuota(long micros) {
            if (micros < 0) {
                throw new IllegalArgumentException("cpuQuota: " + micros + " is negative; use cpuQuota(Limit.unlimited())");
            }
            cpuQuota = Limit.of(micros);
            return this;
        }

        /** @param limit quota per period, or null to unset @return this */
        public Builder cpuQuota(Limit limit) {
            cpuQuota = limit;
            return this;
        }

        /** @param micros 1000..1000000 @return this */
        public Builder cpuPeriod(long micros) {
            cpuPeriod = micros;
            return this;
        }

        /** @param micros burst @return this */
        public Builder cpuBurst(long micros) {
            cpuBurst = micros;
            return this;
        }

        /** @param micros realtime runtime, -1 unlimited @return this */
        public Builder cpuRtRuntime(long micros) {
            cpuRtRuntime = micros;
            return this;
        }

        /** @param micros realtime period @return this */
        public Builder cpuRtPeriod(long micros) {
            cpuRtPeriod = micros;
            return this;
        }

        /** @param cpus e.g. "0-3,7"; checked by {@link #build()} @return this */
        public Builder cpusetCpus(String cpus) {
            cpusetCpusText = cpus;
            cpusetCpus = null;
            return this;
        }

        /** @param cpus the CPUs @return this */
        public Builder cpusetCpus(CpuList cpus) {
            cpusetCpus = cpus;
            cpusetCpusText = null;
            return this;
        }

        /** @param mems e.g. "0"; checked by {@link #build()} @return this */
        public Builder cpusetMems(String mems) {
            cpusetMemsText = mems;
            cpusetMems = null;
            return this;
        }

        /** @param mems the memory nodes @return this */
        public Builder cpusetMems(CpuList mems) {
            cpusetMems = mems;
            cpusetMemsText = null;
            return this;
        }

        /** @param idle 0 or 1 @return this */
        public Builder cpuIdle(long idle) {
            cpuIdle = idle;
            return this;
        }

        /** @param max maximum tasks @return this */
        public Builder pidsLimit(long max) {
            pidsLimit = bytes("pidsLimit", max);
            return this;
        }

        /** @param limit maximum tasks, or null to unset @return this */
        public Builder pidsLimit(Limit limit) {
            pidsLimit = limit;
            return this;
        }

        /** @param weight 10..1000 @return this */
        public Builder blkioWeight(int weight) {
            blkioWeight = weight;
            return this;
        }

        /** @param weight 10..1000 @return this */
        public Builder blkioLeafWeight(int weight) {
            blkioLeafWeight = weight;
            return this;
        }

        /** @param d a per-device weight, appended @return this */
        public Builder blkioWeightDevice(WeightDevice d) {
            blkioWeightDevice.add(Objects.requireNonNull(d));
            return this;
        }

        /** @param d a per-device read bytes/s limit, appended @return this */
        public Builder blkioThrottleReadBpsDevice(ThrottleDevice d) {
            readBps.add(Objects.requireNonNull(d));
            return this;
        }

        /** @param d a per-device write bytes/s limit, appended @return this */
        public Builder blkioThrottleWriteBpsDevice(ThrottleDevice d) {
            writeBps.add(Objects.requireNonNull(d));
            return this;
        }

        /** @param d a per-device read IOPS limit, appended @return this */
        public Builder blkioThrottleReadIopsDevice(ThrottleDevice d) {
            readIops.add(Objects.requireNonNull(d));
            return this;
        }

        /** @param d a per-device write IOPS limit, appended @return this */
        public Builder blkioThrottleWriteIopsDevice(ThrottleDevice d) {
            writeIops.add(Objects.requireNonNull(d));
            return this;
        }

        /** @param state FROZEN or THAWED, or null to unset @return this */
        public Builder freezer(FreezerState state) {
            freezer = state;
            return this;
        }

        /** @param l a huge page limit, appended @return this */
        public Builder hugetlbLimit(HugepageLimit l) {
            hugetlbLimits.add(Objects.requireNonNull(l));
            return this;
        }

        /** @param disable whether to disable the OOM killer (v1) @return this */
        public Builder oomKillDisable(boolean disable) {
            oomKillDisable = disable;
            return this;
        }

        /** @param swappiness 0..100 @return this */
        public Builder memorySwappiness(long swappiness) {
            memorySwappiness = swappiness;
            return this;
        }

        /** @param p an interface priority, appended @return this */
        public Builder netPrioIfpriomap(IfPrioMap p) {
            ifPrioMap.add(Objects.requireNonNull(p));
            return this;
        }

        /** @param classid 0..2^32-1 @return this */
        public Builder netClsClassid(long classid) {
            netClsClassid = classid;
            return this;
        }

        /** @param device an RDMA device name @param limit its limits @return this */
        public Builder rdma(String device, RdmaLimit limit) {
            rdma.put(Objects.requireNonNull(device), Objects.requireNonNull(limit));
            return this;
        }

        /** @param file a cgroup v2 interface file @param value the value to write @return this */
        public Builder unified(String file, String value) {
            unified.put(Objects.requireNonNull(file), Objects.requireNonNull(value));
            return this;
        }

        /** @param skip whether to leave device rules alone @return this */
        public Builder skipDevices(boolean skip) {
            skipDevices = skip;
            return this;
        }

        /** @param skip whether to skip the systemd freeze around property updates @return this */
        public Builder skipFreezeOnSet(boolean skip) {
            skipFreezeOnSet = skip;
            return this;
        }

        /** @param check whether to refuse a memory limit below current usage (v2) @return this */
        public Builder memoryCheckBeforeUpdate(boolean check) {
            memoryCheckBeforeUpdate = check;
            return this;
        }

        /**
         * @return the validated resources
         * @throws IllegalArgumentException naming the field and value of the first invalid setting
         */
        public Resources build() {
            CpuList cpus = cpusetCpus != null ? cpusetCpus : parseList("cpusetCpus", cpusetCpusText);
            CpuList mems = cpusetMems != null ? cpusetMems : parseList("cpusetMems", cpusetMemsText);
            return new Resources(Optional.ofNullable(devices), Optional.ofNullable(memory), Optional.ofNullable(memoryReservation),
                    Optional.ofNullable(memorySwap), Optional.ofNullable(kernelMemory),
                    Optional.ofNullable(kernelMemoryTcp), opt(cpuShares), opt(cpuWeight),
                    Optional.ofNullable(cpuQuota), opt(cpuPeriod), opt(cpuBurst), opt(cpuRtRuntime),
                    opt(cpuRtPeriod), Optional.ofNullable(cpus), Optional.ofNullable(mems), opt(cpuIdle),
                    Optional.ofNullable(pidsLimit),
                    blkioWeight == null ? OptionalInt.empty() : OptionalInt.of(blkioWeight),
                    blkioLeafWeight == null ? OptionalInt.empty() : OptionalInt.of(blkioLeafWeight),
                    blkioWeightDevice, readBps, writeBps, readIops, writeIops, Optional.ofNullable(freezer),
                    hugetlbLimits, oomKillDisable, opt(memorySwappiness), ifPrioMap, opt(netClsClassid), rdma,
                    unified, skipDevices, skipFreezeOnSet, memoryCheckBeforeUpdate);
        }

        private static CpuList parseList(String field, String text) {
            if (text == null) {
                return null;
            }
            try {
                return CpuList.parse(text);
            } catch (CgroupParseException e) {
                throw new IllegalArgumentException(field + ": \"" + text + "\" is not a list such as 0-3,7", e);
            }
        }

        private static OptionalLong opt(Long v) {
            return v == null ? OptionalLong.empty() : OptionalLong.of(v);
        }
    }
}
