package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.fs.devices.DeviceEmulator;
import java.util.List;

/**
 * devices: reads {@code devices.list} into an emulator, builds the requested state and writes the minimal
 * transition. Unlike runc it does not read the list back afterwards: rule sets the v1 cgroup cannot express (a hole
 * in a wildcard exception) are refused before anything is written, and the kernel reports a refused rule as an
 * errno on its write. Device rules set to an empty list deny every device (runc's emulator starts from
 * deny-all); device rules not set, or {@code skipDevices}, leave the cgroup's rules alone (runc has no "not set").
 */
final class DevicesGroup implements Subsystem {
    @Override
    public String name() {
        return "devices";
    }

    @Override
    public Controller controller() {
        return Controller.DEVICES;
    }

    @Override
    public void apply(V1Context ctx, String path, Resources r, long pid) throws CgroupException {
        if (r.skipDevices()) {
            return; // runc: neither created nor joined
        }
        Subsystem.super.apply(ctx, path, r, pid);
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        if (r.skipDevices() || r.devices().isEmpty()) {
            return; // not set: left alone
        }
        DeviceEmulator target;
        try {
            target = DeviceEmulator.of(r.devices().get());
        } catch (DeviceEmulator.DeviceRuleException e) {
            throw new CgroupException(CgroupException.Operation.SET, path, "devices.allow", null, 0, e.getMessage(), e);
        }
        DeviceEmulator current = DeviceEmulator.fromList(ctx.read(path, "devices.list"));
        List<DeviceRule> transition = current.transition(target);
        for (DeviceRule rule : transition) {
            ctx.write(path, rule.allow() ? "devices.allow" : "devices.deny", rule.toV1());
        }
    }
}
