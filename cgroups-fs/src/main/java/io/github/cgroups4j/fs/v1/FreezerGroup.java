package io.github.cgroups4j.fs.v1;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.FreezerState;
import io.github.cgroups4j.Resources;

/**
 * freezer, as runc: writing FROZEN is retried while the kernel reports FREEZING (up to 1000 times, with an
 * occasional thaw and short sleeps that help when tasks keep appearing), and a freeze that fails is thawed back.
 * The state read distinguishes a cgroup frozen by itself from one frozen through an ancestor.
 */
final class FreezerGroup implements Subsystem {
    private static final String STATE = "freezer.state";

    @Override
    public String name() {
        return "freezer";
    }

    @Override
    public Controller controller() {
        return Controller.FREEZER;
    }

    @Override
    public void set(V1Context ctx, String path, Resources r) throws CgroupException {
        if (r.freezer().isEmpty()) {
            return;
        }
        if (r.freezer().get() == FreezerState.THAWED) {
            ctx.write(path, STATE, "THAWED");
            return;
        }
        boolean ok = false;
        try {
            freeze(ctx, path);
            ok = true;
        } finally {
            if (!ok) {
                try {
                    ctx.write(path, STATE, "THAWED"); // never leave it FROZEN or FREEZING after a failure
                } catch (CgroupException ignored) {
                    // the original failure is what matters
                }
            }
        }
    }

    private static void freeze(V1Context ctx, String path) throws CgroupException {
        for (int i = 0; i < 1000; i++) {
            if (i % 50 == 49) {
                ctx.write(path, STATE, "THAWED");
                V1Context.sleep(10);
            }
            ctx.write(path, STATE, "FROZEN");
            if (i % 25 == 24) {
                V1Context.sleep(1);
            }
            String state = ctx.read(path, STATE).strip();
            switch (state) {
                case "FREEZING":
                    continue;
                case "FROZEN":
                    return;
                default:
                    throw new CgroupException(CgroupException.Operation.FREEZE, path, STATE, "FROZEN", 0,
                            "unexpected state " + state + " after writing FROZEN", null);
            }
        }
        throw new CgroupException(CgroupException.Operation.FREEZE, path, STATE, "FROZEN", 0,
                "unable to freeze: still FREEZING after 1000 attempts", null);
    }

    /** Writes THAWED. */
    static void thaw(V1Context ctx, String path) throws CgroupException {
        ctx.write(path, STATE, "THAWED");
    }

    /** The current state; UNDEFINED where the kernel has no freezer state. */
    static FreezerState state(V1Context ctx, String path) throws CgroupException {
        while (true) {
            String state;
            try {
                state = ctx.read(path, STATE).strip();
            } catch (CgroupException e) {
                if (e.is(Errno.ENOENT) || e.is(Errno.ENODEV)) {
                    return FreezerState.UNDEFINED;
                }
                throw e;
            }
            switch (state) {
                case "THAWED":
                    return FreezerState.THAWED;
                case "FROZEN":
                    try {
                        String self = ctx.read(path, "freezer.self_freezing").strip();
                        return self.equals("0") ? FreezerState.THAWED : FreezerState.FROZEN;
                    } catch (CgroupException e) {
                        if (e.is(Errno.ENOENT) || e.is(Errno.ENODEV)) {
                            return FreezerState.FROZEN;
                        }
                        throw e;
                    }
                case "FREEZING":
                    V1Context.sleep(1);
                    continue;
                default:
                    throw new CgroupException(CgroupException.Operation.READ, path, STATE, "unknown state " + state);
            }
        }
    }
}
