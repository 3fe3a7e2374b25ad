package io.github.cgroups4j.testkit;

import static io.github.cgroups4j.testkit.FileKit.einval;
import static io.github.cgroups4j.testkit.FileKit.integer;
import static io.github.cgroups4j.testkit.FileKit.range;
import static io.github.cgroups4j.testkit.FileKit.value;

import java.util.Map;

/** The v2 cpu controller's files: {@code cpu.weight} (ERANGE out of range), {@code cpu.max} (a quota alone keeps the
 * period), {@code cpu.max.burst}, {@code cpu.idle}. */
final class V2Cpu implements V2Controller {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void populate(Node n) {
        Map<String, FakeFile> f = n.files;
        f.put("cpu.weight", value("cpu.weight", v -> Long.toString(FileKit.ranged(v, 1, 10000))));
        n.values.put("cpu.weight", "100");
        f.put("cpu.weight.nice", value("cpu.weight.nice", range(-20, 19)));
        n.values.put("cpu.weight.nice", "0");
        f.put("cpu.max", value("cpu.max", V2Cpu::cpuMax));
        // (a quota alone keeps the current period, as the kernel does)
        n.values.put("cpu.max", "max 100000");
        f.put("cpu.max.burst", value("cpu.max.burst", range(0, Long.MAX_VALUE / 1000)));
        n.values.put("cpu.max.burst", "0");
        f.put("cpu.idle", value("cpu.idle", range(0, 1)));
        n.values.put("cpu.idle", "0");
    }

    static String cpuMax(Node n, String s) {
        String[] parts = s.split("\\s+");
        if (parts.length < 1 || parts.length > 2) {
            throw einval();
        }
        String quota = parts[0].equals("max") ? "max" : Long.toString(integer(parts[0], 1000, Long.MAX_VALUE / 1000));
        String current = n.values.getOrDefault("cpu.max", "max 100000");
        String period = parts.length == 2 ? Long.toString(integer(parts[1], 1000, 1_000_000))
                : current.substring(current.indexOf(' ') + 1);
        return quota + " " + period;
    }
}
