package io.github.cgroups4j.testkit;

import static io.github.cgroups4j.testkit.FileKit.einval;
import static io.github.cgroups4j.testkit.FileKit.ro;
import static io.github.cgroups4j.testkit.FileKit.rw;

import java.util.Map;

/** The v2 misc controller's files: this fake machine has no misc resource (EINVAL). */
final class V2Misc implements V2Controller {
    @Override
    public String name() {
        return "misc";
    }

    @Override
    public void populate(Node n) {
        Map<String, FakeFile> f = n.files;
        f.put("misc.max", rw(x -> "", (x, v) -> {
            throw einval();
        }));
        f.put("misc.current", ro(x -> ""));
        f.put("misc.events", ro(x -> ""));
    }
}
