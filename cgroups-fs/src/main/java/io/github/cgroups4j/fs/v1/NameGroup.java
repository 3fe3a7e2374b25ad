package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Resources;

/** A hierarchy that is joined but never limited: {@code name=systemd}, {@code misc}, and cgroup2 on hybrid hosts. */
final class NameGroup implements Subsystem {
    private final String name;
    private final Controller controller;

    NameGroup(String name, Controller controller) {
        this.name = name;
        this.controller = controller;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Controller controller() {
        return controller;
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) {
        // nothing to limit
    }
}
