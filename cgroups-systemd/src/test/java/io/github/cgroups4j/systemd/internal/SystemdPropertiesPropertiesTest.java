package io.github.cgroups4j.systemd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.CpuList;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.freedesktop.dbus.types.UInt64;

/** The systemd property mapping, round-tripped: what systemd is sent decodes to what the resources say. */
class SystemdPropertiesPropertiesTest {
    record Case(Limit memory, long shares, long quota, long period, Limit pids, Set<Integer> cpus, boolean v2) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Limit> mem = Arbitraries.oneOf(Arbitraries.just(Limit.unlimited()),
                Arbitraries.longs().between(1, Long.MAX_VALUE / 2).map(Limit::of));
        Arbitrary<Limit> pids = Arbitraries.oneOf(Arbitraries.just(Limit.unlimited()),
                Arbitraries.longs().between(1, 1 << 22).map(Limit::of));
        Arbitrary<Set<Integer>> cpus = Arbitraries.integers().between(0, 511).set().ofMinSize(1).ofMaxSize(40);
        return Combinators.combine(mem, Arbitraries.longs().between(2, 262_144),
                Arbitraries.longs().between(1_000, 10_000_000), Arbitraries.longs().between(1_000, 1_000_000), pids,
                cpus, Arbitraries.of(true, false)).as(Case::new);
    }

    private static Map<String, Object> decode(List<UnitProperty> props) {
        Map<String, Object> out = new HashMap<>();
        for (UnitProperty p : props) {
            out.put(p.getName(), p.getValue().getValue());
        }
        return out;
    }

    private static BigInteger u64(Object o) {
        return ((UInt64) o).value();
    }

    private static BigInteger bytes(Limit l) {
        return l.isUnlimited() ? UInt64.MAX_BIG_VALUE : BigInteger.valueOf(l.value());
    }

    @Property(tries = 500)
    void whatIsSentIsWhatTheResourcesSay(@ForAll("cases") Case c) throws Exception {
        StringBuilder list = new StringBuilder();
        c.cpus().forEach(i -> list.append(list.length() > 0 ? "," : "").append(i));
        Resources r = Resources.builder().memory(c.memory()).cpuShares(c.shares()).cpuQuota(c.quota())
                .cpuPeriod(c.period()).pidsLimit(c.pids()).cpusetCpus(list.toString()).build();
        Map<String, Object> p = decode(SystemdProperties.resources(r, c.v2(), 252, DeviceLookup.NONE));
        assertEquals(bytes(c.memory()), u64(p.get(c.v2() ? "MemoryMax" : "MemoryLimit")));
        assertEquals(bytes(c.pids()), u64(p.get("TasksMax")));
        if (!c.v2()) {
            assertEquals(BigInteger.valueOf(c.shares()), u64(p.get("CPUShares")));
        }
        assertEquals(BigInteger.valueOf(c.period()), u64(p.get("CPUQuotaPeriodUSec")));
        // per second, rounded up to whole 10 ms: never below the quota asked for, less than 10 ms above it
        BigInteger exact = BigInteger.valueOf(c.quota()).multiply(BigInteger.valueOf(1_000_000));
        BigInteger perSec = u64(p.get("CPUQuotaPerSecUSec"));
        assertEquals(0, perSec.mod(BigInteger.valueOf(10_000)).signum());
        assertTrue(perSec.multiply(BigInteger.valueOf(c.period())).compareTo(exact) >= 0);
        assertTrue(perSec.subtract(BigInteger.valueOf(10_000)).multiply(BigInteger.valueOf(c.period()))
                .compareTo(exact) < 0);
        // and the quota the cgroupfs then gets is at least the one asked for, and maps to the same per-second value
        Resources kept = SystemdProperties.roundedQuota(r);
        assertTrue(kept.cpuQuota().orElseThrow().value() >= c.quota());
        assertEquals(perSec, u64(decode(SystemdProperties.resources(kept, c.v2(), 252, DeviceLookup.NONE))
                .get("CPUQuotaPerSecUSec")), "kept " + kept.cpuQuota());
        byte[] mask = (byte[]) p.get("AllowedCPUs");
        Set<Integer> back = new TreeSet<>();
        for (int i = 0; i < mask.length * 8; i++) {
            if ((mask[i / 8] & (1 << (i % 8))) != 0) {
                back.add(i);
            }
        }
        assertEquals(new TreeSet<>(c.cpus()), back);
        assertEquals(CpuList.parse(list.toString()).size(), back.size());
    }
}
