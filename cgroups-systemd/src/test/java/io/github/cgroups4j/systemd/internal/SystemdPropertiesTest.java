package io.github.cgroups4j.systemd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.ThrottleDevice;
import io.github.cgroups4j.parse.CpuList;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.UInt64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every property the driver sends, with its D-Bus signature: systemd refuses a {@code Long} where it wants a
 * {@code t} ("Unexpected message contents"), so the signature is half of the mapping.
 */
class SystemdPropertiesTest {
    private static final BigInteger MAX = UInt64.MAX_BIG_VALUE;
    private static final long MIB = 1024 * 1024;

    private static UnitProperty only(List<UnitProperty> props, String name) {
        List<UnitProperty> found = props.stream().filter(p -> p.getName().equals(name)).toList();
        assertEquals(1, found.size(), name + " in " + props.stream().map(UnitProperty::getName).toList());
        return found.get(0);
    }

    private static void assertProp(List<UnitProperty> props, String name, String sig, Object value) {
        UnitProperty p = only(props, name);
        assertEquals(sig, p.getValue().getSig(), name + "'s signature");
        Object v = p.getValue().getValue();
        if (v instanceof UInt64 u) {
            assertEquals(value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue()),
                    u.value(), name);
        } else if (v instanceof byte[] bytes) {
            assertArrayEquals((byte[]) value, bytes, name);
        } else {
            assertEquals(value, v, name);
        }
    }

    private static boolean has(List<UnitProperty> props, String name) {
        return props.stream().anyMatch(p -> p.getName().equals(name));
    }

    private static List<UnitProperty> v1(Resources r) {
        return SystemdProperties.resources(r, false, 252, DeviceLookup.NONE);
    }

    private static List<UnitProperty> v2(Resources r) {
        return SystemdProperties.resources(r, true, 252, DeviceLookup.NONE);
    }

    @Test
    void aScopeIsSlicedDelegatedAndAccountedWithItsPid() {
        List<UnitProperty> p = SystemdProperties.unit("c1", "docker-c1.scope", "system.slice", 4242, false);
        assertEquals(List.of("Description", "Slice", "Delegate", "PIDs", "MemoryAccounting", "CPUAccounting",
                "BlockIOAccounting", "TasksAccounting", "DefaultDependencies"),
                p.stream().map(UnitProperty::getName).toList());
        assertProp(p, "Description", "s", "libcontainer container c1");
        assertProp(p, "Slice", "s", "system.slice");
        assertProp(p, "Delegate", "b", true);
        assertProp(p, "PIDs", "au", List.of(new UInt32(4242)));
        assertProp(p, "MemoryAccounting", "b", true);
        assertProp(p, "BlockIOAccounting", "b", true);
        assertProp(p, "DefaultDependencies", "b", false);
    }

    @Test
    void aSliceWantsItsParentAndIsNotDelegatedAndV2AccountsIo() {
        List<UnitProperty> p = SystemdProperties.unit("pod1", "kubepods-pod1.slice", "kubepods.slice", -1, true);
        assertProp(p, "Wants", "as", List.of("kubepods.slice"));
        assertFalse(has(p, "Slice") || has(p, "Delegate") || has(p, "PIDs") || has(p, "BlockIOAccounting"));
        assertProp(p, "IOAccounting", "b", true);
    }

    @Test
    void v1Resources() {
        List<UnitProperty> p = v1(Resources.builder().memory(64 * MIB).cpuShares(512).blkioWeight(300)
                .pidsLimit(100).build());
        assertProp(p, "MemoryLimit", "t", 64 * MIB);
        assertProp(p, "CPUShares", "t", 512);
        assertProp(p, "BlockIOWeight", "t", 300);
        assertProp(p, "TasksMax", "t", 100);
        assertFalse(has(p, "MemoryMax") || has(p, "CPUWeight"));
    }

    @Test
    void unlimitedIsInfinity() {
        List<UnitProperty> p = v1(Resources.builder().memory(Limit.unlimited()).pidsLimit(Limit.unlimited()).build());
        assertProp(p, "MemoryLimit", "t", MAX);
        assertProp(p, "TasksMax", "t", MAX);
        List<UnitProperty> q = v2(Resources.builder().memory(Limit.unlimited()).build());
        assertProp(q, "MemoryMax", "t", MAX);
        assertProp(q, "MemorySwapMax", "t", MAX); // runc: unlimited memory, no swap setting: swap unlimited too
    }

    @Test
    void nothingSetSendsNothing() {
        assertEquals(List.of(), v1(Resources.empty()));
        assertEquals(List.of(), v2(Resources.empty()));
    }

    @Test
    void v2Resources() {
        List<UnitProperty> p = v2(Resources.builder().memory(128 * MIB).memoryReservation(64 * MIB)
                .memorySwap(192 * MIB).cpuWeight(200).pidsLimit(50).build());
        assertProp(p, "MemoryMax", "t", 128 * MIB);
        assertProp(p, "MemoryLow", "t", 64 * MIB);
        assertProp(p, "MemorySwapMax", "t", 64 * MIB); // memory+swap minus memory
        assertProp(p, "CPUWeight", "t", 200);
        assertProp(p, "TasksMax", "t", 50);
        assertFalse(has(p, "MemoryLimit") || has(p, "CPUShares") || has(p, "BlockIOWeight"));
    }

    @Test
    void v2SharesBecomeTheWeightFs2WritesAndIdleIsWeightZeroFrom252() {
        assertProp(v2(Resources.builder().cpuShares(1024).build()), "CPUWeight", "t", 100); // the new formula
        assertProp(v2(Resources.builder().cpuWeight(300).cpuIdle(1).build()), "CPUWeight", "t", 0);
        assertProp(SystemdProperties.resources(Resources.builder().cpuWeight(300).cpuIdle(1).build(), true, 251,
                DeviceLookup.NONE), "CPUWeight", "t", 300);
    }

    @Test
    void v2SwapWithoutMemoryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> v2(Resources.builder().memorySwap(64 * MIB).build()));
    }

    @ParameterizedTest
    @CsvSource({"100000, 100000, 1000000", "50000, 100000, 500000", "12345, 100000, 130000",
        "20000, 0, 200000", "1000, 1000000, 10000", "1001, 1000000, 10000", "1500, 1000000, 10000"})
    void cpuQuotaPerSecondIsRoundedUpToTenMilliseconds(long quota, long period, long perSec) {
        Resources.Builder b = Resources.builder().cpuQuota(quota);
        if (period != 0) {
            b.cpuPeriod(period);
        }
        assertProp(v1(b.build()), "CPUQuotaPerSecUSec", "t", perSec);
    }

    @ParameterizedTest
    @CsvSource({"12345, 100000, 13000", "50000, 100000, 50000", "1001, 1000000, 10000", "1500, 50000, 1500",
        "1234, 10000, 1300"})
    void theQuotaTheCgroupfsGetsIsTheOneSystemdKeeps(long quota, long period, long rounded) {
        Resources r = Resources.builder().cpuQuota(quota).cpuPeriod(period).build();
        assertEquals(rounded, SystemdProperties.roundedQuota(r).cpuQuota().orElseThrow().value());
    }

    @Test
    void cpuPeriodFrom242AndUnlimitedQuotaIsInfinity() {
        List<UnitProperty> p = v1(Resources.builder().cpuQuota(Limit.unlimited()).cpuPeriod(50_000).build());
        assertProp(p, "CPUQuotaPeriodUSec", "t", 50_000);
        assertProp(p, "CPUQuotaPerSecUSec", "t", MAX);
        List<UnitProperty> old = SystemdProperties.resources(Resources.builder().cpuQuota(20_000).cpuPeriod(50_000)
                .build(), false, 241, DeviceLookup.NONE);
        assertFalse(has(old, "CPUQuotaPeriodUSec"));
        assertProp(old, "CPUQuotaPerSecUSec", "t", 400_000);
    }

    @Test
    void cpusetsAreLittleEndianBitmasksFrom244() throws Exception {
        List<UnitProperty> p = v2(Resources.builder().cpusetCpus("0-3,9").cpusetMems("1").build());
        assertProp(p, "AllowedCPUs", "ay", new byte[] {0x0f, 0x02});
        assertProp(p, "AllowedMemoryNodes", "ay", new byte[] {0x02});
        assertProp(v1(Resources.builder().cpusetCpus("0-3").build()), "AllowedCPUs", "ay", new byte[] {0x0f});
        assertFalse(has(SystemdProperties.resources(Resources.builder().cpusetCpus("0").build(), true, 243,
                DeviceLookup.NONE), "AllowedCPUs"));
        assertFalse(has(SystemdProperties.resources(Resources.builder().cpusetCpus("0").build(), true, -1,
                DeviceLookup.NONE), "AllowedCPUs"), "an unknown version sends no gated property");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|01", "1|02", "0-7|ff", "8|0001", "0-8|ff01", "0,2,4|15", "1-3,16|0e0001",
        "63|0000000000000080"})
    void rangeToBitsAsRunc(String list, String hex) throws Exception {
        byte[] bytes = new byte[hex.length() / 2]; // hex is written byte 0 first
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        assertArrayEquals(bytes, SystemdProperties.bits(CpuList.parse(list)));
    }

    @Test
    void v2IoLimitsAreDevicePathsWithNumbers() {
        List<UnitProperty> p = v2(Resources.builder().blkioThrottleReadBpsDevice(new ThrottleDevice(8, 0, 1_048_576))
                .blkioThrottleWriteIopsDevice(new ThrottleDevice(8, 16, 300)).build());
        assertProp(p, "IOReadBandwidthMax", "a(st)", List.of(new PathValue("/dev/block/8:0",
                new UInt64(1_048_576))));
        assertProp(p, "IOWriteIOPSMax", "a(st)", List.of(new PathValue("/dev/block/8:16", new UInt64(300))));
        assertFalse(has(v1(Resources.builder().blkioThrottleReadBpsDevice(new ThrottleDevice(8, 0, 1)).build()),
                "IOReadBandwidthMax"), "v1 has no IO properties (BlockIO* are left to the cgroupfs, as runc)");
        DeviceLookup none = new DeviceLookup() {
            @Override
            public Optional<String> group(char type, long major) {
                return Optional.empty();
            }

            @Override
            public boolean exists(String path) {
                return false;
            }
        };
        assertFalse(has(SystemdProperties.resources(Resources.builder().blkioThrottleReadBpsDevice(
                new ThrottleDevice(8, 0, 1)).build(), true, 252, none), "IOReadBandwidthMax"));
    }

    @Test
    void unifiedKeysWithASystemdProperty() {
        Map<String, String> u = new LinkedHashMap<>();
        u.put("memory.high", "104857600");
        u.put("memory.min", "max");
        u.put("pids.max", "max");
        u.put("cpu.max", "50000 100000");
        u.put("cpu.weight", "42");
        u.put("cpuset.cpus", "2-3");
        u.put("memory.oom.group", "1");
        u.put("io.weight", "default 100");
        Resources.Builder b = Resources.builder();
        u.forEach(b::unified);
        List<UnitProperty> p = v2(b.build());
        assertProp(p, "MemoryHigh", "t", 104_857_600);
        assertProp(p, "MemoryMin", "t", MAX);
        assertProp(p, "TasksMax", "t", MAX);
        assertProp(p, "CPUQuotaPerSecUSec", "t", 500_000);
        assertProp(p, "CPUQuotaPeriodUSec", "t", 100_000);
        assertProp(p, "CPUWeight", "t", 42);
        assertProp(p, "AllowedCPUs", "ay", new byte[] {0x0c});
        assertEquals(7, p.size(), "memory.oom.group and io.weight are left to the cgroupfs");
        assertThrows(IllegalArgumentException.class, () -> v2(Resources.builder().unified("cpu.max", "a b c")
                .build()));
        assertThrows(IllegalArgumentException.class, () -> v2(Resources.builder().unified("pids.max", "-5")
                .build()));
    }

    @Test
    void deviceRulesAreAStrictAllowList() {
        DeviceLookup host = new DeviceLookup() {
            @Override
            public Optional<String> group(char type, long major) {
                return major == 136 ? Optional.of("char-pts") : Optional.empty();
            }

            @Override
            public boolean exists(String path) {
                return !path.equals("/dev/char/99:99");
            }
        };
        Resources r = Resources.builder().device(DeviceRule.allow('c', 1, 3, "rwm"))
                .device(DeviceRule.allow('c', 136, DeviceRule.WILDCARD, "rw"))
                .device(DeviceRule.allow('b', DeviceRule.WILDCARD, DeviceRule.WILDCARD, "m"))
                .device(DeviceRule.allow('c', DeviceRule.WILDCARD, 5, "r")) // *:n: systemd cannot
                .device(DeviceRule.allow('c', 99, 99, "r")) // no such node here
                .device(DeviceRule.allow('c', 250, DeviceRule.WILDCARD, "r")) // no group for 250
                .build();
        List<UnitProperty> p = SystemdProperties.resources(r, false, 252, host);
        assertEquals(List.of("DevicePolicy", "DeviceAllow", "DeviceAllow"), p.stream().map(UnitProperty::getName)
                .toList(), "the list is emptied first, then filled, as runc");
        assertEquals("strict", p.get(0).getValue().getValue());
        assertEquals("a(ss)", p.get(1).getValue().getSig());
        assertEquals(List.of(), p.get(1).getValue().getValue());
        assertEquals("a(ss)", p.get(2).getValue().getSig());
        @SuppressWarnings("unchecked")
        List<DeviceAllow> allow = (List<DeviceAllow>) p.get(2).getValue().getValue();
        List<String> shown = allow.stream().map(a -> a.getPath() + " " + a.getAccess()).sorted().toList();
        assertEquals(List.of("/dev/char/1:3 rwm", "block-* m", "char-pts rw"), shown);
    }

    @Test
    void allowAllIsPolicyAutoAndSkipDevicesOrNoRulesSendNothing() {
        List<UnitProperty> p = v1(Resources.builder().device(DeviceRule.allow('a', DeviceRule.WILDCARD,
                DeviceRule.WILDCARD, "rwm")).build());
        assertProp(p, "DevicePolicy", "s", "auto");
        assertProp(p, "DeviceAllow", "a(ss)", List.of());
        List<UnitProperty> denyList = v1(Resources.builder().device(DeviceRule.allow('a', DeviceRule.WILDCARD,
                DeviceRule.WILDCARD, "rwm")).device(DeviceRule.deny('c', 1, 3, "rwm")).build());
        assertProp(denyList, "DevicePolicy", "s", "strict"); // systemd has no deny lists: deny-all stands in
        assertEquals(List.of(), v1(Resources.builder().skipDevices(true).device(DeviceRule.allow('c', 1, 3, "r"))
                .build()));
    }

    @Test
    void userPropertiesAreTypedByTheirJavaClass() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CollectMode", "inactive-or-failed");
        m.put("SendSIGKILL", Boolean.FALSE);
        m.put("TimeoutStopUSec", 5_000_000L);
        m.put("MemoryHigh", -1L);
        m.put("CPUWeight", 7);
        m.put("Wants", List.of("a.service", "b.service"));
        List<UnitProperty> p = SystemdProperties.user(m);
        assertProp(p, "CollectMode", "s", "inactive-or-failed");
        assertProp(p, "SendSIGKILL", "b", false);
        assertProp(p, "TimeoutStopUSec", "t", 5_000_000L);
        assertProp(p, "MemoryHigh", "t", MAX);
        assertProp(p, "CPUWeight", "u", new UInt32(7));
        assertProp(p, "Wants", "as", List.of("a.service", "b.service"));
        assertThrows(IllegalArgumentException.class, () -> SystemdProperties.user(Map.of("X", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> SystemdProperties.user(Map.of("X", -2L)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SystemdProperties.user(Map.of("X", -1)));
        assertTrue(e.getMessage().contains("X"), e.getMessage());
    }

    @Test
    void deviceGroupsComeFromProcDevices() {
        List<String> lines = List.of("Character devices:", "  1 mem", "  4 /dev/vc/0", "136 pts", "",
                "Block devices:", "  8 sd", "259 blkext");
        assertEquals(Optional.of("char-pts"), HostDevices.group(lines, 'c', 136));
        assertEquals(Optional.of("block-sd"), HostDevices.group(lines, 'b', 8));
        assertEquals(Optional.empty(), HostDevices.group(lines, 'c', 8));
        assertEquals(Optional.of("char-mem"), HostDevices.group(lines, 'c', 1));
    }
}
