package io.github.cgroups4j.testkit;

import static io.github.cgroups4j.testkit.FileKit.einval;
import static io.github.cgroups4j.testkit.FileKit.ro;
import static io.github.cgroups4j.testkit.FileKit.value;

import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.parse.CpuList;
import java.util.List;
import java.util.Map;

/** The v2 cpuset controller's files: {@code cpuset.cpus}/{@code mems} (empty: the parent's, effective) and the
 * partition. */
final class V2Cpuset implements V2Controller {
    private final KernelProfile p;

    V2Cpuset(KernelProfile profile) {
        this.p = profile;
    }

    @Override
    public String name() {
        return "cpuset";
    }

    @Override
    public void populate(Node n) {
        Map<String, FakeFile> f = n.files;
        for (String which : List.of("cpus", "mems")) {
            String name = "cpuset." + which;
            f.put(name, value(name, s -> list(s).toString()));
            n.values.put(name, "");
            f.put(name + ".effective", ro(x -> effective(x, name) + "\n"));
        }
        f.put("cpuset.cpus.partition", value("cpuset.cpus.partition", s -> {
            if (!List.of("member", "root", "isolated").contains(s)) {
                throw einval();
            }
            return s;
        }));
        n.values.put("cpuset.cpus.partition", "member");
    }

    private String effective(Node x, String name) {
        for (Node n = x; n != null; n = n.parent) {
            if (n.isRoot()) {
                return name.equals("cpuset.cpus") ? (p.cpus() == 1 ? "0" : "0-" + (p.cpus() - 1)) : "0";
            }
            String v = n.values.get(name);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private static CpuList list(String s) {
        try {
            return CpuList.parse(s);
        } catch (CgroupParseException e) {
            throw einval();
        }
    }
}
