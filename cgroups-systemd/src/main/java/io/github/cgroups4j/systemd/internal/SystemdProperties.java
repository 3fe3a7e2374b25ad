package io.github.cgroups4j.systemd.internal;

import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.ThrottleDevice;
import io.github.cgroups4j.V2Conversions;
import io.github.cgroups4j.fs.devices.DeviceEmulator;
import io.github.cgroups4j.parse.CpuList;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapping from cgroups4j's {@code Resources} to systemd unit properties, a pure function of its arguments (the
 * systemd version and a {@link DeviceLookup} for the host's devices). Ported from runc 1.1.5
 * ({@code systemd/common.go}, {@code v1.go genV1ResourcesProperties}, {@code v2.go genV2ResourcesProperties} and
 * {@code unifiedResToSystemdProps}), with opencontainers/cgroups' {@code CPUWeight=0} for {@code cpuIdle}. Every
 * number is unsigned on the bus: {@code t} is {@link UInt64}, {@code u} is {@link UInt32}, unlimited is
 * {@code UINT64_MAX} ("infinity").
 */
public final class SystemdProperties {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdProperties.class);
    /** systemd's USEC_INFINITY and "infinity" for bytes: UINT64_MAX. */
    static final UInt64 INFINITY = new UInt64(UInt64.MAX_BIG_VALUE);
    private static final long DEFAULT_PERIOD = 100_000;

    private SystemdProperties() {
    }

    /**
     * The properties a unit is created with (runc's {@code Apply}): description, its place (Slice for a scope, Wants
     * for a slice), delegation for scopes, the pid, accounting, no default dependencies.
     *
     * @param name the container's name, for the description
     * @param unit the unit's name
     * @param slice the parent slice
     * @param pid the process, or -1 for none
     * @param v2 whether the host is cgroup v2 (IOAccounting instead of BlockIOAccounting)
     * @return the properties, in runc's order
     */
    public static List<UnitProperty> unit(String name, String unit, String slice, long pid, boolean v2) {
        List<UnitProperty> p = new ArrayList<>();
        p.add(prop("Description", new Variant<>("libcontainer container " + name)));
        if (unit.endsWith(".slice")) {
            p.add(prop("Wants", new Variant<>(List.of(slice), "as"))); // go-systemd's PropWants: a list
        } else {
            p.add(prop("Slice", new Variant<>(slice)));
            p.add(prop("Delegate", new Variant<>(true)));
        }
        if (pid != -1) {
            p.add(prop("PIDs", new Variant<>(List.of(new UInt32(pid)), "au")));
        }
        p.add(prop("MemoryAccounting", new Variant<>(true)));
        p.add(prop("CPUAccounting", new Variant<>(true)));
        p.add(prop(v2 ? "IOAccounting" : "BlockIOAccounting", new Variant<>(true)));
        p.add(prop("TasksAccounting", new Variant<>(true)));
        p.add(prop("DefaultDependencies", new Variant<>(false)));
        return p;
    }

    /**
     * Caller-supplied properties (runc's {@code SystemdProps}), typed by their Java class: {@code Boolean} is
     * {@code b}, {@code String} {@code s}, {@code Integer} {@code u}, {@code Long} {@code t} ({@code -1} is
     * infinity), a {@code List} of strings {@code as}.
     *
     * @param props name to value
     * @return the properties, in the map's order
     * @throws IllegalArgumentException for a value of another type, or a negative number other than -1
     */
    public static List<UnitProperty> user(Map<String, Object> props) {
        List<UnitProperty> p = new ArrayList<>();
        props.forEach((k, v) -> p.add(prop(k, userValue(k, v))));
        return p;
    }

    private static Variant<?> userValue(String k, Object v) {
        if (v instanceof Boolean b) {
            return new Variant<>(b);
        }
        if (v instanceof String s) {
            return new Variant<>(s);
        }
        if (v instanceof Integer i) {
            if (i < 0) {
                throw new IllegalArgumentException("systemd property " + k + ": " + i + " is negative (Integer "
                        + "is sent as an unsigned 32-bit u)");
            }
            return new Variant<>(new UInt32(i));
        }
        if (v instanceof Long l) {
            if (l < -1) {
                throw new IllegalArgumentException("systemd property " + k + ": " + l + " is negative (Long is "
                        + "sent as an unsigned 64-bit t; -1 means infinity)");
            }
            return new Variant<>(l == -1 ? INFINITY : new UInt64(l));
        }
        if (v instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return new Variant<>(List.copyOf(list), "as");
        }
        throw new IllegalArgumentException("systemd property " + k + ": a " + v.getClass().getSimpleName()
                + " cannot be sent (use Boolean, String, Integer, Long or a List of String)");
    }

    /**
     * The resource properties, for a new unit and for {@code set}: runc's {@code genV1ResourcesProperties} or
     * {@code genV2ResourcesProperties}. What is not set in {@code r} is not sent. A property the running systemd is
     * too old for is left out (the cgroupfs write that follows still applies it): {@code CPUQuotaPeriodUSec} needs
     * 242, {@code AllowedCPUs}/{@code AllowedMemoryNodes} 244, {@code CPUWeight=0} for an idle cgroup 252.
     *
     * @param r the resources
     * @param v2 whether the host is cgroup v2
     * @param version systemd's version, or -1 when unknown
     * @param devices the host's devices
     * @return the properties
     * @throws IllegalArgumentException when a value has no systemd form (swap without memory on v2, a malformed
     *     unified value)
     */
    public static List<UnitProperty> resources(Resources r, boolean v2, int version, DeviceLookup devices) {
        List<UnitProperty> p = new ArrayList<>(devices(r, devices));
        r.memory().ifPresent(m -> p.add(prop(v2 ? "MemoryMax" : "MemoryLimit", new Variant<>(bytes(m)))));
        if (v2) {
            r.memoryReservation().ifPresent(m -> p.add(prop("MemoryLow", new Variant<>(bytes(m)))));
            long swap = V2Conversions.swapOfMemorySwap(r.memorySwap().map(Limit::toRunc).orElse(0L),
                    r.memory().map(Limit::toRunc).orElse(0L));
            if (swap != 0) {
                p.add(prop("MemorySwapMax", new Variant<>(swap == -1 ? INFINITY : new UInt64(swap))));
            }
            boolean idle = r.cpuIdle().isPresent() && r.cpuIdle().getAsLong() == 1 && version >= 252;
            if (idle) {
                p.add(prop("CPUWeight", new Variant<>(new UInt64(0))));
            } else if (r.cpuWeight().isPresent()) {
                p.add(prop("CPUWeight", new Variant<>(new UInt64(r.cpuWeight().getAsLong()))));
            } else if (r.cpuShares().isPresent()) {
                // the weight the fs2 manager writes for these shares (runc's callers convert before)
                p.add(prop("CPUWeight", new Variant<>(new UInt64(V2Conversions.cpuWeightOfShares(
                        r.cpuShares().getAsLong())))));
            }
        } else {
            r.cpuShares().ifPresent(s -> p.add(prop("CPUShares", new Variant<>(new UInt64(s)))));
        }
        cpuQuota(p, r.cpuQuota().map(Limit::toRunc).orElse(0L), r.cpuPeriod().orElse(0), version);
        if (!v2) {
            r.blkioWeight().ifPresent(w -> p.add(prop("BlockIOWeight", new Variant<>(new UInt64(w)))));
        }
        r.pidsLimit().ifPresent(l -> p.add(prop("TasksMax", new Variant<>(bytes(l)))));
        cpuset(p, "AllowedCPUs", r.cpusetCpus().orElse(null), version);
        cpuset(p, "AllowedMemoryNodes", r.cpusetMems().orElse(null), version);
        if (v2) {
            io(p, "IOReadBandwidthMax", r.blkioThrottleReadBpsDevice(), devices);
            io(p, "IOWriteBandwidthMax", r.blkioThrottleWriteBpsDevice(), devices);
            io(p, "IOReadIOPSMax", r.blkioThrottleReadIopsDevice(), devices);
            io(p, "IOWriteIOPSMax", r.blkioThrottleWriteIopsDevice(), devices);
            unified(p, r.unified(), version);
        }
        return p;
    }

    private static UInt64 bytes(Limit l) {
        return l.isUnlimited() ? INFINITY : new UInt64(l.value());
    }

    /**
     * runc's {@code addCpuQuota}: the quota per second of CPU time, rounded up to 10 ms (systemd keeps whole percents,
     * so a child can still be given the exact {@code cfs_quota_us}); the period from systemd 242 on.
     */
    static void cpuQuota(List<UnitProperty> p, long quota, long period, int version) {
        if (period != 0) {
            if (version >= 242) {
                p.add(prop("CPUQuotaPeriodUSec", new Variant<>(new UInt64(period))));
            } else {
                LOG.debug("systemd {} is too old for CPUQuotaPeriodUSec (the cgroupfs write still sets it)", version);
            }
        }
        if (quota != 0 || period != 0) {
            UInt64 perSec = INFINITY;
            if (quota > 0) {
                long per = period == 0 ? DEFAULT_PERIOD : period;
                BigInteger us = BigInteger.valueOf(quota).multiply(BigInteger.valueOf(1_000_000))
                        .divide(BigInteger.valueOf(per));
                BigInteger[] qr = us.divideAndRemainder(BigInteger.valueOf(10_000));
                if (qr[1].signum() != 0) {
                    us = qr[0].add(BigInteger.ONE).multiply(BigInteger.valueOf(10_000));
                }
                perSec = new UInt64(us);
            }
            p.add(prop("CPUQuotaPerSecUSec", new Variant<>(perSec)));
        }
    }

    /**
     * opencontainers/cgroups: systemd keeps whole percents of a CPU, so the quota the cgroupfs gets is the one
     * systemd will put back (on a daemon-reload): rounded up as {@code CPUQuotaPerSecUSec} is.
     *
     * @param r resources
     * @return {@code r} with its CPU quota rounded up to a whole 10 ms per second, or {@code r} when it is already
     */
    public static Resources roundedQuota(Resources r) {
        if (r.cpuQuota().isEmpty() || r.cpuQuota().get().isUnlimited()) {
            return r;
        }
        long quota = r.cpuQuota().get().value();
        long period = r.cpuPeriod().orElse(DEFAULT_PERIOD);
        BigInteger perSec = BigInteger.valueOf(quota).multiply(BigInteger.valueOf(1_000_000))
                .divide(BigInteger.valueOf(period));
        if (perSec.mod(BigInteger.valueOf(10_000)).signum() == 0) {
            return r;
        }
        BigInteger up = perSec.divide(BigInteger.valueOf(10_000)).add(BigInteger.ONE).multiply(
                BigInteger.valueOf(10_000));
        long rounded = up.multiply(BigInteger.valueOf(period)).divide(BigInteger.valueOf(1_000_000)).longValue();
        return rounded == quota ? r : r.toBuilder().cpuQuota(rounded).build();
    }

    private static void cpuset(List<UnitProperty> p, String name, CpuList list, int version) {
        if (list == null) {
            return;
        }
        if (version < 244) {
            LOG.debug("systemd {} is too old for {} (the cgroupfs write still sets it)", version, name);
            return;
        }
        p.add(prop(name, new Variant<>(bits(list), "ay")));
    }

    /**
     * runc's {@code RangeToBits}: a little-endian bit mask, byte 0 holding CPUs 0-7 (one zero byte for none).
     *
     * @param list the CPUs or nodes
     * @return the mask
     */
    public static byte[] bits(CpuList list) {
        int[] cpus = list.toArray();
        int max = cpus.length == 0 ? 0 : cpus[cpus.length - 1];
        byte[] out = new byte[max / 8 + 1];
        for (int c : cpus) {
            out[c / 8] |= (byte) (1 << (c % 8));
        }
        return out;
    }

    private static void io(List<UnitProperty> p, String name, List<ThrottleDevice> limits, DeviceLookup devices) {
        if (limits.isEmpty()) {
            return;
        }
        List<PathValue> entries = new ArrayList<>();
        for (ThrottleDevice d : limits) {
            String path = "/dev/block/" + d.major() + ":" + d.minor();
            if (!devices.exists(path)) {
                LOG.warn("{}: no {} on this host: systemd is not told (the cgroupfs write still sets it)", name, path);
                continue;
            }
            entries.add(new PathValue(path, new UInt64(d.rate())));
        }
        if (!entries.isEmpty()) {
            p.add(prop(name, new Variant<>(entries, "a(st)")));
        }
    }

    /** runc's {@code unifiedResToSystemdProps}: the unified keys systemd has a property for. */
    private static void unified(List<UnitProperty> p, Map<String, String> unified, int version) {
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(unified).entrySet()) {
            String k = e.getKey();
            String v = e.getValue().strip();
            switch (k) {
                case "cpu.max" -> {
                    String[] f = v.split("\\s+");
                    if (f.length < 1 || f.length > 2 || v.isEmpty()) {
                        throw new IllegalArgumentException("unified " + k + ": \"" + v + "\" is not \"<quota|max> "
                                + "[period]\"");
                    }
                    long quota = f[0].equals("max") ? 0 : unsigned(k, f[0]);
                    long period = f.length == 2 ? unsigned(k, f[1]) : DEFAULT_PERIOD;
                    cpuQuota(p, quota, period, version);
                }
                case "cpu.weight" -> p.add(prop("CPUWeight", new Variant<>(new UInt64(unsigned(k, v)))));
                case "cpuset.cpus", "cpuset.mems" -> {
                    CpuList list;
                    try {
                        list = CpuList.parse(v);
                    } catch (io.github.cgroups4j.CgroupParseException x) {
                        throw new IllegalArgumentException("unified " + k + ": \"" + v + "\" is not a list", x);
                    }
                    cpuset(p, k.equals("cpuset.cpus") ? "AllowedCPUs" : "AllowedMemoryNodes", list, version);
                }
                case "memory.high", "memory.low", "memory.min", "memory.max", "memory.swap.max" -> {
                    String name = switch (k) {
                        case "memory.high" -> "MemoryHigh";
                        case "memory.low" -> "MemoryLow";
                        case "memory.min" -> "MemoryMin";
                        case "memory.max" -> "MemoryMax";
                        default -> "MemorySwapMax";
                    };
                    p.add(prop(name, new Variant<>(v.equals("max") ? INFINITY : new UInt64(unsigned(k, v)))));
                }
                case "pids.max" -> p.add(prop("TasksMax", new Variant<>(v.equals("max") ? INFINITY
                        : new UInt64(unsigned(k, v)))));
                default -> LOG.debug("unified {}: no systemd property (the cgroupfs write still sets it)", k);
            }
        }
    }

    private static long unsigned(String key, String v) {
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException x) {
            throw new IllegalArgumentException("unified " + key + ": \"" + v + "\" is not a number", x);
        }
    }

    /**
     * runc's {@code generateDeviceProperties}: DevicePolicy=strict and the allow list, or DevicePolicy=auto with an
     * empty list for allow-all. systemd has no deny lists: a deny-list rule set other than allow-all becomes a
     * temporary deny-all (the cgroupfs write that follows installs the real rules). Rules systemd cannot express
     * ({@code *:n}, a major without a device group, a device node that does not exist) are left out with a warning.
     */
    static List<UnitProperty> devices(Resources r, DeviceLookup devices) {
        if (r.skipDevices() || r.devices().isEmpty()) {
            return List.of();
        }
        DeviceEmulator emu = DeviceEmulator.whiteList();
        try {
            for (DeviceRule rule : r.devices().get()) {
                emu.apply(rule);
            }
        } catch (DeviceEmulator.DeviceRuleException e) {
            throw new IllegalArgumentException("devices: " + e.getMessage(), e);
        }
        List<UnitProperty> p = new ArrayList<>();
        if (emu.isBlackList()) {
            if (emu.rules().isEmpty()) {
                p.add(prop("DevicePolicy", new Variant<>("auto")));
                p.add(prop("DeviceAllow", new Variant<>(List.of(), "a(ss)")));
                return p;
            }
            LOG.warn("systemd has no deny-list device rules: a deny-all rule stands in until the cgroupfs rules are "
                    + "written");
            p.add(prop("DevicePolicy", new Variant<>("strict")));
            p.add(prop("DeviceAllow", new Variant<>(List.of(), "a(ss)")));
            return p;
        }
        p.add(prop("DevicePolicy", new Variant<>("strict")));
        p.add(prop("DeviceAllow", new Variant<>(List.of(), "a(ss)"))); // empty it before filling it, as runc
        List<DeviceAllow> allow = new ArrayList<>();
        for (Map.Entry<DeviceEmulator.Meta, String> e : emu.rules().entrySet()) {
            DeviceEmulator.Meta m = e.getKey();
            String prefix = m.type() == 'b' ? "block-" : "char-";
            String path;
            if (m.major() == DeviceRule.WILDCARD) {
                if (m.minor() != DeviceRule.WILDCARD) {
                    LOG.warn("systemd has no '*:n' device rules: {} {}:{} left to the cgroupfs write", m.type(),
                            "*", m.minor());
                    continue;
                }
                path = prefix + "*";
            } else if (m.minor() == DeviceRule.WILDCARD) {
                var group = devices.group(m.type(), m.major());
                if (group.isEmpty()) {
                    LOG.warn("no device group for {} {} in /proc/devices: left to the cgroupfs write", m.type(),
                            m.major());
                    continue;
                }
                path = group.get();
            } else {
                path = (m.type() == 'b' ? "/dev/block/" : "/dev/char/") + m.major() + ":" + m.minor();
                if (!devices.exists(path)) {
                    LOG.warn("skipping device {} for systemd: it does not exist here", path);
                    continue;
                }
            }
            allow.add(new DeviceAllow(path, e.getValue()));
        }
        p.add(prop("DeviceAllow", new Variant<>(allow, "a(ss)")));
        return p;
    }

    private static UnitProperty prop(String name, Variant<?> v) {
        return new UnitProperty(name, v);
    }
}
