package io.github.cgroups4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.DeviceRule;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * [H] The command line's own parsers: sizes and device rules. Any text gives a value or an IllegalArgumentException
 * (which cgctl prints as a usage error), never another exception; sizes are exact to the byte (they were computed in
 * a double, which rounds above 2^53) and device rules round-trip through the form the kernel takes.
 */
class CliParsersPropertiesTest {
    @Provide
    Arbitrary<String> sizeLike() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789.-kmgtibKMGTIB ax").ofMaxLength(40),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Property(tries = 3000)
    void anySizeTextIsAValueOrAUsageError(@ForAll("sizeLike") String s) {
        try {
            long v = Sizes.parse(s);
            assertTrue(v >= -1, s + " -> " + v);
            Sizes.format(Math.max(v, 0));
        } catch (IllegalArgumentException usage) {
            assertTrue(usage.getMessage().contains(s.strip().isEmpty() ? "\"" : s), usage.getMessage());
        }
    }

    @Property(tries = 2000)
    void wholeBytesAreExact(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE - 1) long n) {
        assertEquals(n, Sizes.parse(Long.toString(n)));
        assertEquals(n, Sizes.parse(n + "B"));
    }

    @Property(tries = 2000)
    void unitsMultiplyExactly(@ForAll @IntRange(min = 0, max = 3) int u, @ForAll @LongRange(min = 0,
            max = (1L << 40)) long k) {
        String[] suffixes = {"K", "M", "G", "T"};
        BigInteger expected = BigInteger.valueOf(k).shiftLeft(10 * (u + 1));
        if (expected.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) >= 0) {
            return; // refused as too large, checked below
        }
        assertEquals(expected.longValueExact(), Sizes.parse(k + suffixes[u]));
        assertEquals(expected.longValueExact(), Sizes.parse(k + suffixes[u] + "iB"));
    }

    @Property(tries = 2000)
    void aFractionOfAUnitIsExactToTheByte(@ForAll @LongRange(min = 0, max = 1L << 20) long whole,
            @ForAll @IntRange(min = 0, max = 999) int thousandths) {
        String text = whole + "." + String.format("%03d", thousandths) + "M";
        long expected = (whole << 20) + (thousandths * (1L << 20)) / 1000;
        assertEquals(expected, Sizes.parse(text));
    }

    @Provide
    Arbitrary<DeviceRule> rules() {
        Arbitrary<Character> type = Arbitraries.of('a', 'b', 'c');
        Arbitrary<Long> major = Arbitraries.oneOf(Arbitraries.just(DeviceRule.WILDCARD),
                Arbitraries.longs().between(0, LimitOptions.MAX_MAJOR));
        Arbitrary<Long> minor = Arbitraries.oneOf(Arbitraries.just(DeviceRule.WILDCARD),
                Arbitraries.longs().between(0, LimitOptions.MAX_MINOR));
        Arbitrary<String> access = Arbitraries.of("r", "w", "m", "rw", "rm", "wm", "rwm");
        return Combinators.combine(type, major, minor, access, Arbitraries.of(true, false))
                .as(DeviceRule::new);
    }

    @Property(tries = 2000)
    void deviceRulesRoundTripThroughTheKernelForm(@ForAll("rules") DeviceRule r) {
        assertEquals(r, LimitOptions.device("--device-allow", r.toV1(), r.allow()));
    }

    @Provide
    Arbitrary<String> ruleLike() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("abcdrwm0123456789:* -").ofMaxLength(30),
                Arbitraries.strings().ofMaxLength(30).filter(s -> !s.strip().startsWith("/")));
    }

    @Property(tries = 3000)
    void anyDeviceTextIsARuleOrAUsageError(@ForAll("ruleLike") String s) {
        try {
            DeviceRule r = LimitOptions.device("--device-allow", s, true);
            assertEquals(r, LimitOptions.device("--device-allow", r.toV1(), true));
        } catch (IllegalArgumentException usage) {
            assertTrue(usage.getMessage().startsWith("--device-allow"), usage.getMessage());
        }
    }
}
