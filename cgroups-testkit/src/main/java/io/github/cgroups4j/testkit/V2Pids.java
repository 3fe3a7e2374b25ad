package io.github.cgroups4j.testkit;

import static io.github.cgroups4j.testkit.FileKit.integer;
import static io.github.cgroups4j.testkit.FileKit.ro;
import static io.github.cgroups4j.testkit.FileKit.value;

import java.util.Map;

/** The v2 pids controller's files: {@code pids.max} and the counts the fake's processes make. */
final class V2Pids implements V2Controller {
    private final FakeCgroupFs k;

    V2Pids(FakeCgroupFs kernel) {
        this.k = kernel;
    }

    @Override
    public String name() {
        return "pids";
    }

    @Override
    public void populate(Node n) {
        Map<String, FakeFile> f = n.files;
        f.put("pids.max", value("pids.max", s -> s.equals("max") ? s : Long.toString(integer(s, 0, 4194304))));
        n.values.put("pids.max", "max");
        f.put("pids.current", ro(x -> k.subtreeProcCount(x) + "\n"));
        f.put("pids.peak", ro(x -> k.subtreeProcCount(x) + "\n"));
        f.put("pids.events", ro(x -> "max " + x.values.getOrDefault("#pids.events.max", "0") + "\n"));
    }
}
