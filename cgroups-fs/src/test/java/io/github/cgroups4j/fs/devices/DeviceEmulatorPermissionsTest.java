package io.github.cgroups4j.fs.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The permission algebra works on masks; it is held here to the String definitions it replaced (every string of up
 * to four characters over {@code r}, {@code w}, {@code m} and one foreign character), and the device order to the
 * comparator chain it replaced.
 */
class DeviceEmulatorPermissionsTest {
    private static String canonical(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : "rwm".toCharArray()) {
            if (s.indexOf(c) >= 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String keep(String a, String b, boolean inB) {
        StringBuilder sb = new StringBuilder();
        for (char c : a.toCharArray()) {
            if (b.indexOf(c) >= 0 == inB) {
                sb.append(c);
            }
        }
        return canonical(sb.toString());
    }

    private static List<String> strings() {
        List<String> out = new ArrayList<>(List.of(""));
        List<String> last = List.of("");
        for (int len = 1; len <= 4; len++) {
            List<String> next = new ArrayList<>();
            for (String s : last) {
                for (char c : "rwmx".toCharArray()) {
                    next.add(s + c);
                }
            }
            out.addAll(next);
            last = next;
        }
        return out;
    }

    @Test
    void unionDifferenceAndIntersectionAreTheStringDefinitions() {
        List<String> all = strings();
        for (String a : all) {
            for (String b : all) {
                assertEquals(canonical(a + b), DeviceEmulator.union(a, b), a + " | " + b);
                assertEquals(keep(a, b, false), DeviceEmulator.difference(a, b), a + " - " + b);
                assertEquals(keep(a, b, true), DeviceEmulator.intersection(a, b), a + " & " + b);
            }
        }
    }

    @Test
    void devicesAreOrderedByTypeThenMajorThenMinor() {
        Comparator<DeviceEmulator.Meta> chain = Comparator.comparing(DeviceEmulator.Meta::type)
                .thenComparingLong(DeviceEmulator.Meta::major).thenComparingLong(DeviceEmulator.Meta::minor);
        List<DeviceEmulator.Meta> metas = new ArrayList<>();
        for (char t : "abc".toCharArray()) {
            for (long major : new long[] {-1, 0, 1, 5, 136, Long.MAX_VALUE}) {
                for (long minor : new long[] {-1, 0, 3, 200}) {
                    metas.add(new DeviceEmulator.Meta(t, major, minor));
                }
            }
        }
        for (DeviceEmulator.Meta x : metas) {
            for (DeviceEmulator.Meta y : metas) {
                assertEquals(Integer.signum(chain.compare(x, y)), Integer.signum(x.compareTo(y)), x + " vs " + y);
            }
        }
    }
}
