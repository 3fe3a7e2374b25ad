package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Resources;
import java.util.List;

/**
 * devices: reads {@code devices.list} into an emulator, builds the requested state, writes the minimal transition,
 * then reads the list again to check the kernel holds what was asked. An empty rule list (or {@code skipDevices})
 * leaves the cgroup alone: unlike runc, where no rules means deny-all, "not set" never changes anything here.
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
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        if (r.skipDevices() || r.devices().isEmpty()) {
            return;
        }
        DeviceEmulator target;
        try {
            target = DeviceEmulator.of(r.devices());
        } catch (DeviceEmulator.DeviceRuleException e) {
            throw new CgroupException(CgroupException.Operation.SET, path, "devices.allow", null, 0, e.getMessage(), e);
        }
        DeviceEmulator current = DeviceEmulator.fromList(ctx.read(path, "devices.list"));
        List<DeviceRule> transition = current.transition(target);
        for (DeviceRule rule : transition) {
            ctx.write(path, rule.allow() ? "devices.allow" : "devices.deny", rule.toV1());
        }
        DeviceEmulator after = DeviceEmulator.fromList(ctx.read(path, "devices.list"));
        if (!target.isBlackList() ? !after.equals(target) : !after.isBlackList()) {
            throw new CgroupException(CgroupException.Operation.SET, path, "devices.list", null, 0,
                    "the devices cgroup does not match the requested rules after writing them: wanted " + target
                            + ", the kernel lists " + after, null);
        }
    }
}
