package io.github.cgroups4j.fs.v2;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.parse.CpuList;
import io.github.cgroups4j.stats.CpusetStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** cpuset: {@code cpuset.cpus} and {@code cpuset.mems} (v2 needs no copying from the parent: empty is inherit). */
final class CpusetController implements V2Controller {
    @Override
    public String name() {
        return "cpuset";
    }

    @Override
    public boolean requested(Resources r) {
        return r.cpusetCpus().isPresent() || r.cpusetMems().isPresent();
    }

    @Override
    public void set(V2Context ctx, String dir, Resources r) throws CgroupException {
        if (r.cpusetCpus().isPresent()) {
            ctx.write(dir, "cpuset.cpus", r.cpusetCpus().get().toString());
        }
        if (r.cpusetMems().isPresent()) {
            ctx.write(dir, "cpuset.mems", r.cpusetMems().get().toString());
        }
    }

    @Override
    public void stats(V2Context ctx, String dir, V2Stats s) throws CgroupException {
        Optional<String> cpus = ctx.readOptional(dir, "cpuset.cpus.effective");
        Optional<String> mems = ctx.readOptional(dir, "cpuset.mems.effective");
        if (cpus.isEmpty() && mems.isEmpty()) {
            return;
        }
        s.cpuset = new CpusetStats(list(cpus), list(mems), 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static List<Integer> list(Optional<String> text) throws CgroupException {
        List<Integer> out = new ArrayList<>();
        if (text.isPresent()) {
            for (int c : CpuList.parse(text.get()).toArray()) {
                out.add(c);
            }
        }
        return out;
    }
}
