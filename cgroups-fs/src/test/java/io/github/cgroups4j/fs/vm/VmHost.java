package io.github.cgroups4j.fs.vm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The *VmIT tests need a pure cgroup v2 host whose root offers the controllers: the VM of .ci/vm/run.sh. */
public final class VmHost {
    private VmHost() {
    }

    /** Fails (with {@code -Dcgroups4j.vm.required=true}) or skips when this is not such a host. */
    public static void require() throws IOException {
        Path controllers = Path.of("/sys/fs/cgroup/cgroup.controllers");
        String offered = Files.exists(controllers) ? Files.readString(controllers) : "";
        List<String> need = List.of("cpu", "io", "memory", "pids", "hugetlb");
        String missing = need.stream().filter(c -> !List.of(offered.strip().split("\\s+")).contains(c))
                .findFirst().orElse(null);
        if (missing != null) {
            String why = "needs a cgroup v2 host offering " + need + " (the VM of .ci/vm/run.sh); this one offers '"
                    + offered.strip() + "'";
            if (Boolean.getBoolean("cgroups4j.vm.required")) {
                fail(why);
            }
            Assumptions.abort(why);
        }
    }
}
