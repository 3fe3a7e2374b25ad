package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.spi.CgroupFs;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cgctl ls [NAME]}: the cgroups below NAME in the memory hierarchy (or cgroup2 on a unified host). */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List the cgroups below NAME (default /) in the memory hierarchy.")
final class LsCommand implements Callable<Integer> {
    @ParentCommand
    Cgctl parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A cgroup path; default /. A relative one is found where create and run put it (fs).")
    String name;

    @Option(names = {"-r", "--recursive"}, description = "All descendants, not only children.")
    boolean recursive;

    @Override
    public Integer call() throws Exception {
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("NAME is empty: give / for the root, or leave NAME out");
        }
        MountInfo mi = MountInfo.parse(parent.host.proc().mountInfo());
        String mount = mi.v1Mount("memory").or(mi::unifiedMount).map(MountInfo.Mount::mountPoint)
                .orElseThrow(() -> new IllegalStateException("no memory or cgroup2 hierarchy is mounted"));
        String base;
        if (name == null || name.chars().allMatch(c -> c == '/')) {
            base = "";
        } else if (name.contains(":")) {
            throw new IllegalArgumentException("NAME " + name + ": ls takes a cgroup path (a systemd unit's is shown "
                    + "by create and run), not slice:prefix:name");
        } else if (!name.startsWith("/")) {
            // a relative NAME lies where create, run and stats put it, as runc places it: under this process's own
            // cgroup on v1 (which may differ between hierarchies), beside it on cgroup v2
            CgroupManager m = parent.host.manager(Host.config(name, "fs").resources(
                    io.github.cgroups4j.Resources.builder().skipDevices(true).build()).build(), "fs");
            String dir = m.path(Controller.MEMORY) != null ? m.path(Controller.MEMORY) : m.paths().get("");
            if (dir == null || !dir.startsWith(mount) || !parent.host.fs().exists(dir)) {
                java.util.List<String> notes = new java.util.ArrayList<>();
                if (dir != null && dir.startsWith(mount)) {
                    notes.add("a relative NAME is " + dir.substring(mount.length()) + " here");
                }
                if (parent.host.fs().exists(mount + "/" + name)) {
                    notes.add("did you mean /" + name + "?");
                }
                throw new CliError(Cgctl.FAILED, "no such cgroup: " + name
                        + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
            }
            base = dir.substring(mount.length());
        } else {
            base = CgroupConfig.forPath(name).build().innerPath();
        }
        if (!parent.host.fs().exists(mount + base)) {
            throw new CliError(Cgctl.FAILED, "no such cgroup: " + name);
        }
        list(parent.host.fs(), mount + base, base, recursive);
        return 0;
    }

    private static void list(CgroupFs fs, String dir, String path, boolean recursive) throws Exception {
        for (String child : new TreeSet<>(fs.list(dir))) {
            System.out.println(path + "/" + child);
            if (recursive) {
                list(fs, dir + "/" + child, path + "/" + child, true);
            }
        }
    }
}
