package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Resources;

/** perf_event: grouping only. */
final class PerfEventGroup implements Subsystem {
    @Override
    public String name() {
        return "perf_event";
    }

    @Override
    public Controller controller() {
        return Controller.PERF_EVENT;
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) {
        // perf_event has no resources
    }
}
