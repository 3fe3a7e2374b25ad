package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.fs.Applied;
import io.github.cgroups4j.fs.TrackedApply;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.systemd.SystemdManager;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code cgctl create NAME [limits]}: create a cgroup that does not exist yet in every mounted hierarchy and set its
 * limits. An existing cgroup is refused (change its limits with {@code set}); a failed create removes what it made.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a new cgroup with limits (nothing joins it); an existing one is refused. With "
                + "--driver systemd, a slice (NAME ending in .slice): systemd has no scope without a process.")
final class CreateCommand extends NamedCgroup implements Callable<Integer> {
    @Mixin
    LimitOptions limits;

    @Override
    public Integer call() throws Exception {
        Host.config(name, driver); // a malformed NAME is named as such first
        if (Host.check(driver) && !name.endsWith(".slice")) {
            throw new IllegalArgumentException("--driver systemd: a scope (" + name + ") exists only with a process "
                    + "in it: use cgctl run --driver systemd, or create a slice (a NAME ending in .slice)");
        }
        CgroupManager m = manager(limits.config(name, driver, parent.host));
        CgroupFs fs = parent.host.fs();
        limits.warnAboutV1(m);
        Ownership.refuseExistingUnit(m, name);
        List<String> there = Ownership.existingIn(m, fs);
        if (!there.isEmpty()) {
            throw new CliError(Cgctl.FAILED, "cgroup " + name + " exists (" + String.join(", ", there)
                    + "); use cgctl set to change its limits");
        }
        List<String> created = Ownership.missing(m, fs);
        // the cgroupfs managers report what their apply created, so a failure takes back exactly that (and a cgroup
        // of the same name that someone made between the check above and the apply stays theirs); the systemd
        // driver's start fails, touching nothing, when a unit of that name appeared since the check above
        TrackedApply tracked = m instanceof TrackedApply t ? t : null;
        Applied applied = null;
        boolean made = false;
        try {
            if (tracked != null) {
                Applied a = tracked.applyTracked(CgroupManager.NO_PID); // rolls itself back when it fails
                Ownership.requireCreated(tracked, a, name, fs);
                applied = a;
            } else if (m instanceof SystemdManager s) {
                s.applyNew(); // rolls itself back when it fails; from here on the unit is this call's
                made = true;
            } else {
                m.apply(CgroupManager.NO_PID);
                made = true;
            }
            m.set(m.config().resources());
        } catch (Exception e) {
            try {
                // a failed create leaves nothing behind: exactly what the apply created (it lists the parents it
                // made); for systemd the unit (systemd removes its cgroup; the parent slices it started for it are
                // its units, which runc leaves too: their directories are not removed under them). Nothing when the
                // apply itself failed: it has taken itself back, and what is there now is someone else's
                if (applied != null) {
                    tracked.undo(applied);
                } else if (made) {
                    m.destroy();
                    if (!(m instanceof SystemdManager)) {
                        Ownership.removeParents(created, fs);
                    }
                }
            } catch (Exception x) {
                e.addSuppressed(x);
            }
            throw e;
        }
        m.paths().forEach((k, v) -> System.out.println((k.isEmpty() ? "unified" : k) + "\t" + v));
        return 0;
    }
}
