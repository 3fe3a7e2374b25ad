package io.github.cgroups4j.testkit;

import static io.github.cgroups4j.testkit.FileKit.einval;
import static io.github.cgroups4j.testkit.FileKit.integer;
import static io.github.cgroups4j.testkit.FileKit.roValue;
import static io.github.cgroups4j.testkit.FileKit.rw;
import static io.github.cgroups4j.testkit.FileKit.value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The v2 io controller's files: {@code io.max} per device (keys merged as the kernel does), {@code io.weight} and,
 * on BFQ kernels, {@code io.bfq.weight}, and {@code io.stat}. */
final class V2Io implements V2Controller {
    private final KernelProfile p;

    V2Io(KernelProfile profile) {
        this.p = profile;
    }

    @Override
    public String name() {
        return "io";
    }

    @Override
    public void populate(Node n) {
        Map<String, FakeFile> f = n.files;
        Map<String, String> max = new LinkedHashMap<>();
        f.put("io.max", rw(x -> {
            StringBuilder sb = new StringBuilder();
            max.forEach((dev, v) -> sb.append(dev).append(' ').append(v).append('\n'));
            return sb.toString();
        }, (x, v) -> {
            String[] parts = v.split("\\s+");
            long[] dev = FileKit.device(parts[0]);
            Map<String, String> lim = new LinkedHashMap<>();
            for (String key : List.of("rbps", "wbps", "riops", "wiops")) {
                lim.put(key, "max");
            }
            String key = dev[0] + ":" + dev[1];
            if (max.containsKey(key)) {
                for (String kv : max.get(key).split(" ")) {
                    lim.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0 || !lim.containsKey(parts[i].substring(0, eq))) {
                    throw einval();
                }
                String val = parts[i].substring(eq + 1);
                lim.put(parts[i].substring(0, eq), val.equals("max") ? val
                        : Long.toString(integer(val, 1, Long.MAX_VALUE)));
            }
            StringBuilder sb = new StringBuilder();
            lim.forEach((kk, vv) -> sb.append(sb.length() == 0 ? "" : " ").append(kk).append('=').append(vv));
            if (lim.values().stream().allMatch("max"::equals)) {
                max.remove(key);
            } else {
                max.put(key, sb.toString());
            }
        }));
        f.put("io.weight", value("io.weight", s -> {
            String w = s.startsWith("default ") ? s.substring(8) : s;
            return "default " + integer(w, 1, 10000);
        }));
        n.values.put("io.weight", "default 100");
        if (!p.cfqBlkio()) {
            f.put("io.bfq.weight", value("io.bfq.weight", s -> {
                String w = s.startsWith("default ") ? s.substring(8) : s;
                return "default " + integer(w, 1, 1000);
            }));
            n.values.put("io.bfq.weight", "default 100");
        }
        f.put("io.stat", roValue("io.stat"));
        n.values.put("io.stat", "");
    }
}
