package io.github.cgroups4j.fs.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * [H] The compiled eBPF program means what the emulator means: for any rule list the emulator accepts and any
 * access, the program (run by the fake's interpreter, as the kernel would) answers as the emulator's own state.
 */
class DeviceFilterPropertiesTest {
    @Provide
    Arbitrary<DeviceRule> rules() {
        Arbitrary<Character> type = Arbitraries.of('a', 'b', 'c');
        Arbitrary<Long> number = Arbitraries.oneOf(Arbitraries.just(DeviceRule.WILDCARD),
                Arbitraries.longs().between(0, 3));
        Arbitrary<String> perms = Arbitraries.of("r", "w", "m", "rw", "rm", "wm", "rwm");
        return Combinators.combine(type, number, number, perms, Arbitraries.of(true, false))
                .as((t, ma, mi, p, allow) -> t == 'a' ? new DeviceRule('a', DeviceRule.WILDCARD, DeviceRule.WILDCARD,
                        "rwm", allow) : new DeviceRule(t, ma, mi, p, allow));
    }

    @Property(tries = 400)
    void theProgramAnswersAsTheEmulator(@ForAll("ruleLists") List<DeviceRule> rules) throws Exception {
        DeviceEmulator emu;
        try {
            emu = DeviceEmulator.of(rules);
        } catch (DeviceEmulator.DeviceRuleException e) {
            return; // a rule set v1 cannot express: refused on both versions alike
        }
        FakeCgroupFs fs = FakeCgroupFs.unified();
        fs.mkdir("/sys/fs/cgroup/p");
        fs.setDeviceProgram("/sys/fs/cgroup/p", DeviceFilter.compile(rules));
        for (char type : new char[] {'b', 'c'}) {
            for (long major = 0; major <= 4; major++) {
                for (long minor = 0; minor <= 4; minor++) {
                    for (String access : List.of("r", "w", "m", "rw", "rwm")) {
                        assertEquals(allows(emu, type, major, minor, access),
                                fs.deviceAllowed("/sys/fs/cgroup/p", type, major, minor, access),
                                rules + ": " + type + " " + major + ":" + minor + " " + access);
                    }
                }
            }
        }
    }

    @Provide
    Arbitrary<List<DeviceRule>> ruleLists() {
        return rules().list().ofMaxSize(6);
    }

    /** The emulator's state read directly: an exception that covers the access decides; otherwise the default. */
    private static boolean allows(DeviceEmulator emu, char type, long major, long minor, String access) {
        for (Map.Entry<DeviceEmulator.Meta, String> e : emu.rules().entrySet()) {
            DeviceEmulator.Meta m = e.getKey();
            if (m.type() == type && (m.major() < 0 || m.major() == major) && (m.minor() < 0 || m.minor() == minor)
                    && access.chars().allMatch(c -> e.getValue().indexOf(c) >= 0)) {
                return !emu.isBlackList();
            }
        }
        return emu.isBlackList();
    }
}
