package io.github.cgroups4j.testkit;

import java.util.List;

/** One mounted fake hierarchy: v1 with its controllers, or the cgroup2 one. */
final class Hierarchy {
    final int id;
    final String mountPoint;
    /** v1: the subsystems of this mount (e.g. cpu, cpuacct, name=systemd); v2: the controllers the root offers. */
    final List<String> controllers;
    final boolean v2;
    Node root;
    /** What the mount shows at its mount point: the root, or the cgroup named by the mount's root (a container's). */
    Node view;
    /** Memory cgroup IDs held: live cgroups plus those leaked by kmem accounting (v1 memory only). */
    int memoryIdsInUse;

    Hierarchy(int id, String mountPoint, List<String> controllers, boolean v2) {
        this.id = id;
        this.mountPoint = mountPoint;
        this.controllers = List.copyOf(controllers);
        this.v2 = v2;
    }

    boolean has(String controller) {
        return controllers.contains(controller);
    }

    boolean isV1Memory() {
        return !v2 && has("memory");
    }
}
