package io.github.cgroups4j.testkit;

/** One cgroup v2 controller of the fake kernel: the interface files it adds to a cgroup where it is enabled. */
interface V2Controller {
    /** @return the controller's name, as in {@code cgroup.controllers} */
    String name();

    /** Adds the controller's files, with the kernel's defaults, to a cgroup whose parent enables the controller. */
    void populate(Node n);
}
