package io.github.cgroups4j;

import io.github.cgroups4j.stats.Stats;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Manages one container's cgroup(s): the whole surface of runc's / opencontainers' {@code cgroups.Manager}.
 * Obtain one from {@link CgroupManagers#create(CgroupConfig)}.
 *
 * <p>A failed {@link #apply(long)} or {@link #set(Resources)} leaves nothing half-created behind: what the call
 * created, it removes again before throwing.
 */
public interface CgroupManager {
    /** The pid that means "create the cgroups, join nothing". */
    long NO_PID = -1;

    /**
     * Creates the cgroup(s) if needed and puts {@code pid} in them.
     *
     * @param pid a process id, or {@link #NO_PID} to only create
     * @throws CgroupException if a cgroup cannot be created or joined; whatever this call created is removed
     */
    void apply(long pid) throws CgroupException;

    /**
     * Adds a process to the cgroup or to an existing sub-cgroup below it (as {@code runc exec --cgroup}).
     *
     * @param subcgroup a relative path below this cgroup, or {@code ""} for the cgroup itself; a path that would
     *     escape it is refused
     * @param pid the process id
     * @throws CgroupException if the process cannot be moved
     */
    void addPid(String subcgroup, long pid) throws CgroupException;

    /**
     * Writes resource limits.
     *
     * @param resources the limits; fields not set are left alone
     * @throws CgroupException naming the file and value the kernel refused
     */
    void set(Resources resources) throws CgroupException;

    /**
     * @return statistics of every controller present
     * @throws CgroupException if a present statistics file cannot be read
     */
    default Stats stats() throws CgroupException {
        return stats(EnumSet.allOf(Controller.class));
    }

    /**
     * @param controllers the controllers to read
     * @return statistics of those controllers; the rest is empty
     * @throws CgroupException if a present statistics file cannot be read
     */
    Stats stats(Set<Controller> controllers) throws CgroupException;

    /**
     * @param state {@link FreezerState#FROZEN} or {@link FreezerState#THAWED}
     * @throws CgroupException if the state cannot be reached (a failed freeze is thawed again)
     */
    void freeze(FreezerState state) throws CgroupException;

    /**
     * @return the freezer's state, {@link FreezerState#UNDEFINED} without a freezer
     * @throws CgroupException if the state cannot be read
     */
    FreezerState freezerState() throws CgroupException;

    /**
     * Removes the cgroup(s) and everything below them, leaves first, retrying while the kernel says busy; a cgroup
     * already gone counts as removed. All or nothing as far as the kernel allows: when a task is still in the cgroup
     * or below it in any hierarchy, nothing is removed and the call fails with EBUSY naming the tasks and the
     * hierarchies (use {@link #destroy(boolean) destroy(true)} to kill them first).
     *
     * @throws CgroupException naming the tasks that remain, or what could not be removed
     */
    void destroy() throws CgroupException;

    /**
     * Removes the cgroup(s); with {@code kill}, first ends every task in them, the way to clean up after an owner
     * that crashed: freeze, SIGKILL each task, thaw, wait (bounded) for the tasks to leave, then remove.
     *
     * @param kill whether to kill the tasks first; false is {@link #destroy()}
     * @throws CgroupException if a task could not be killed, did not leave in time, or a cgroup could not be removed
     */
    default void destroy(boolean kill) throws CgroupException {
        if (kill) {
            throw new CgroupException(CgroupException.Operation.DESTROY, config().displayPath(), null,
                    "this manager cannot kill tasks");
        }
        destroy();
    }

    /**
     * @return the process ids in this cgroup only
     * @throws CgroupException if the cgroup cannot be read
     */
    List<Long> pids() throws CgroupException;

    /**
     * @return the process ids in this cgroup and all cgroups below it
     * @throws CgroupException if a cgroup cannot be read
     */
    List<Long> allPids() throws CgroupException;

    /**
     * @param controller a controller
     * @return the absolute path of this cgroup in that controller's hierarchy, or null when it has none
     */
    String path(Controller controller);

    /**
     * @return controller name to absolute path, as runc's {@code GetPaths} (keys are v1 subsystem names, {@code ""}
     *     for the unified hierarchy); save it to re-create a manager later
     */
    Map<String, String> paths();

    /** @return whether the cgroup exists */
    boolean exists();

    /**
     * @return how many times the OOM killer killed a task in this cgroup
     * @throws CgroupException if the count cannot be read
     */
    long oomKillCount() throws CgroupException;

    /** @return the configuration this manager was created with */
    CgroupConfig config();

    /**
     * Watches the cgroup's memory events, pushed by the kernel: OOM and OOM kills always, plus the usage thresholds,
     * pressure levels (v1) and PSI triggers asked for. Each event goes to {@code listener} through {@code executor}
     * (e.g. {@code Runnable::run} for the watcher's own daemon thread); {@link
     * io.github.cgroups4j.events.EventKind#ENDED} comes last, when the cgroup goes. Close the subscription when done:
     * its thread and file descriptors go with it.
     *
     * @param request what to watch
     * @param executor where the listener runs
     * @param listener gets the events
     * @return the running watch
     * @throws CgroupException when the cgroup has no memory controller, or a registration is refused
     */
    default io.github.cgroups4j.events.EventSubscription events(io.github.cgroups4j.events.EventRequest request,
            java.util.concurrent.Executor executor,
            java.util.function.Consumer<io.github.cgroups4j.events.MemoryEvent> listener) throws CgroupException {
        throw new CgroupException(CgroupException.Operation.OPEN, config().displayPath(), null,
                "this manager cannot watch events");
    }
}
