package io.github.cgroups4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.parse.CpuList;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    @Test
    void notSetZeroAndUnlimitedAreThreeStates() {
        Resources unset = Resources.builder().build();
        Resources zero = Resources.builder().kernelMemory(0).build();
        Resources unlimited = Resources.builder().kernelMemory(Limit.unlimited()).build();
        assertTrue(unset.kernelMemory().isEmpty());
        assertEquals(Limit.of(0), zero.kernelMemory().orElseThrow());
        assertTrue(unlimited.kernelMemory().orElseThrow().isUnlimited());
        assertNotEquals(unset, zero);
        assertNotEquals(zero, unlimited);
        assertEquals("-1", unlimited.kernelMemory().get().toV1());
        assertEquals("max", unlimited.kernelMemory().get().toV2());
        assertEquals("0", zero.kernelMemory().get().toV2());
    }

    @Test
    void emptyHasNothingSet() {
        Resources r = Resources.empty();
        assertTrue(r.memory().isEmpty() && r.cpuShares().isEmpty() && r.devices().isEmpty() && r.freezer().isEmpty());
        assertFalse(r.hasMemorySettings());
    }

    @Test
    void builderRoundTripsEveryField() {
        Resources r = Resources.builder()
                .device(DeviceRule.deny('a', DeviceRule.WILDCARD, DeviceRule.WILDCARD, "rwm"))
                .device(DeviceRule.allow('c', 1, 3, "rw"))
                .memory(64L << 20).memoryReservation(32L << 20).memorySwap(128L << 20)
                .kernelMemory(16L << 20).kernelMemoryTcp(8L << 20)
                .cpuShares(512).cpuWeight(100).cpuQuota(50_000).cpuPeriod(100_000).cpuBurst(1000)
                .cpuRtRuntime(-1).cpuRtPeriod(1_000_000).cpusetCpus("0-1").cpusetMems("0").cpuIdle(0)
                .pidsLimit(64).blkioWeight(500).blkioLeafWeight(300)
                .blkioWeightDevice(new WeightDevice(8, 0, OptionalInt.of(100), OptionalInt.empty()))
                .blkioThrottleReadBpsDevice(new ThrottleDevice(8, 0, 1 << 20))
                .blkioThrottleWriteBpsDevice(new ThrottleDevice(8, 0, 2 << 20))
                .blkioThrottleReadIopsDevice(new ThrottleDevice(8, 0, 100))
                .blkioThrottleWriteIopsDevice(new ThrottleDevice(8, 0, 200))
                .freezer(FreezerState.FROZEN).hugetlbLimit(new HugepageLimit("2MB", 4L << 20))
                .oomKillDisable(true).memorySwappiness(10).netPrioIfpriomap(new IfPrioMap("eth0", 5))
                .netClsClassid(0x100001).rdma("mlx5_0", new RdmaLimit(OptionalLong.of(2), OptionalLong.empty()))
                .unified("memory.high", "max").skipDevices(true).skipFreezeOnSet(true).memoryCheckBeforeUpdate(true)
                .build();
        assertEquals(r, r.toBuilder().build());
        assertEquals("c 1:3 rw", r.devices().orElseThrow().get(1).toV1());
        assertEquals("a *:* rwm", r.devices().orElseThrow().get(0).toV1());
        assertEquals(CpuList.of(0, 1), r.cpusetCpus().orElseThrow());
        assertTrue(r.hasMemorySettings());
    }

    private static void refused(String expectedMessagePart, Consumer<Resources.Builder> setter) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            Resources.Builder b = Resources.builder();
            setter.accept(b);
            b.build();
        });
        assertTrue(e.getMessage().contains(expectedMessagePart), () -> "message \"" + e.getMessage()
                + "\" should contain \"" + expectedMessagePart + "\"");
    }

    @Test
    void buildNamesTheFieldAndValueItRefuses() {
        refused("cpuShares: 1 is out of range [2, 262144]", b -> b.cpuShares(1));
        refused("cpuShares: 262145", b -> b.cpuShares(262_145));
        refused("cpuWeight: 0 is out of range [1, 10000]", b -> b.cpuWeight(0));
        refused("cpuWeight: 10001", b -> b.cpuWeight(10_001));
        refused("cpuPeriod: 999", b -> b.cpuPeriod(999));
        refused("cpuQuota: 999", b -> b.cpuQuota(999));
        refused("cpuQuota: -5 is negative", b -> b.cpuQuota(-5));
        refused("cpuIdle: 2", b -> b.cpuIdle(2));
        refused("blkioWeight: 5 is out of range [10, 1000]", b -> b.blkioWeight(5));
        refused("blkioLeafWeight: 1001", b -> b.blkioLeafWeight(1001));
        refused("memorySwappiness: 101", b -> b.memorySwappiness(101));
        refused("netClsClassid: -1", b -> b.netClsClassid(-1));
        refused("memory: -2 is negative", b -> b.memory(-2));
        refused("memorySwap: 1048576 is below memory 2097152", b -> b.memory(2 << 20).memorySwap(1 << 20));
        refused("cpusetCpus: \"3-1\"", b -> b.cpusetCpus("3-1"));
        refused("cpusetMems: \"0,,1\"", b -> b.cpusetMems("0,,1"));
        refused("cpusetCpus: \"x\"", b -> b.cpusetCpus("x"));
        refused("freezer: UNDEFINED", b -> b.freezer(FreezerState.UNDEFINED));
        refused("hugetlbLimits: a page size is listed twice",
                b -> b.hugetlbLimit(new HugepageLimit("2MB", 1)).hugetlbLimit(new HugepageLimit("2MB", 2)));
        refused("unified: \"../memory.max\"", b -> b.unified("../memory.max", "1"));
        refused("rdma: \"a b\"", b -> b.rdma("a b", new RdmaLimit(OptionalLong.empty(), OptionalLong.empty())));
    }

    /** Every string of r, w, m and x up to four long: accepted exactly when the old regex check accepted it. */
    @Test
    void devicePermissionsAreANonEmptySubsetOfRwm() {
        List<String> all = new java.util.ArrayList<>(List.of(""));
        for (int len = 1; len <= 4; len++) {
            for (String prefix : List.copyOf(all)) {
                if (prefix.length() == len - 1) {
                    for (char c : "rwmx".toCharArray()) {
                        all.add(prefix + c);
                    }
                }
            }
        }
        int accepted = 0;
        for (String p : all) {
            boolean expected = p.matches("[rwm]{1,3}") && p.chars().distinct().count() == p.length();
            boolean ok;
            try {
                DeviceRule.allow('c', 1, 3, p);
                ok = true;
            } catch (IllegalArgumentException e) {
                ok = false;
            }
            assertEquals(expected, ok, "\"" + p + "\"");
            accepted += ok ? 1 : 0;
        }
        assertEquals(15, accepted); // 3 + 6 + 6 orderings
    }

    @Test
    void valueTypesNameTheFieldAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HugepageLimit("2M", 1));
        assertTrue(e.getMessage().contains("hugetlbLimit pageSize: \"2M\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeviceRule.allow('c', 1, 3, "rwx"));
        assertTrue(e.getMessage().contains("permissions: \"rwx\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeviceRule.allow('c', 1, 3, "rr"));
        assertTrue(e.getMessage().contains("\"rr\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeviceRule.allow('x', 1, 3, "r"));
        assertTrue(e.getMessage().contains("type: 'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new WeightDevice(8, 0, OptionalInt.of(5), OptionalInt.empty()));
        assertTrue(e.getMessage().contains("8:0 weight: 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ThrottleDevice(8, 0, -1));
        assertTrue(e.getMessage().contains("8:0 rate: -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new IfPrioMap("eth 0", 1));
        assertTrue(e.getMessage().contains("\"eth 0\""), e.getMessage());
        new HugepageLimit("1GB", 0);
        new HugepageLimit("64KB", 0);
    }

    @Test
    void unlimitedSwapWithALimitedMemoryIsFine() {
        Resources r = Resources.builder().memory(1 << 20).memorySwap(Limit.unlimited()).build();
        assertTrue(r.memorySwap().orElseThrow().isUnlimited());
    }

    @Test
    void memoryAssignedFollowsRunc() {
        assertTrue(Resources.builder().memory(1).build().hasMemorySettings());
        assertTrue(Resources.builder().memoryReservation(1).build().hasMemorySettings());
        assertTrue(Resources.builder().memorySwap(1).build().hasMemorySettings());
        assertTrue(Resources.builder().kernelMemory(0).build().hasMemorySettings());
        assertTrue(Resources.builder().kernelMemoryTcp(1).build().hasMemorySettings());
        assertTrue(Resources.builder().oomKillDisable(true).build().hasMemorySettings());
        assertTrue(Resources.builder().memorySwappiness(0).build().hasMemorySettings());
        assertFalse(Resources.builder().cpuShares(2).pidsLimit(10).build().hasMemorySettings());
    }

    @Test
    void listsAreImmutable() {
        Resources r = Resources.builder().device(DeviceRule.allow('c', 1, 3, "r")).build();
        assertThrows(UnsupportedOperationException.class, () -> r.devices().orElseThrow().add(DeviceRule.allow('c', 1, 5, "r")));
    }

    @Test
    void deviceRulesNotSetAndEmptyAreDifferent() {
        assertTrue(Resources.empty().devices().isEmpty(), "not set: the cgroup's rules are left alone");
        Resources denyAll = Resources.builder().devices(List.of()).build();
        assertEquals(Optional.of(List.of()), denyAll.devices(), "an empty list is set: deny every device");
        assertEquals(denyAll, denyAll.toBuilder().build(), "the builder keeps an empty list set");
        assertTrue(denyAll.toBuilder().clearDevices().build().devices().isEmpty());
    }

    @Test
    void zeroAndEmptyMeanNotSetWhereRuncSaysSo() {
        Resources r = Resources.builder().pidsLimit(0).cpuRtRuntime(0).netClsClassid(0).cpusetCpus("")
                .cpusetMems("").build();
        assertTrue(r.pidsLimit().isEmpty(), "runc: PidsLimit 0 is not set");
        assertTrue(r.cpuRtRuntime().isEmpty(), "runc: CpuRtRuntime 0 is not set");
        assertTrue(r.netClsClassid().isEmpty(), "runc: NetClsClassid 0 is not set");
        assertTrue(r.cpusetCpus().isEmpty() && r.cpusetMems().isEmpty(), "runc: an empty cpuset is not set");
        assertEquals(Resources.empty(), r);
        Resources zeros = Resources.builder().memory(0).memoryReservation(0).memorySwap(0).cpuShares(0).cpuQuota(0)
                .cpuPeriod(0).cpuRtPeriod(0).blkioWeight(0).blkioLeafWeight(0).memorySwappiness(-1).build();
        assertEquals(Resources.empty(), zeros, "runc reads each of these zeros (and swappiness -1) as not set");
        assertTrue(Resources.builder().pidsLimit(Limit.unlimited()).build().pidsLimit().isPresent());
        assertEquals(OptionalLong.of(0), Resources.builder().memorySwappiness(0).build().memorySwappiness(),
                "swappiness 0 is a value (runc's is a pointer)");
    }
}
