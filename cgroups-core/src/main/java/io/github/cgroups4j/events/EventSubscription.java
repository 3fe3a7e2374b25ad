package io.github.cgroups4j.events;

import java.time.Duration;

/**
 * A running watch. It ends when closed or when the cgroup goes (the listener then gets {@link EventKind#ENDED}); either
 * way its thread and file descriptors are released.
 */
public interface EventSubscription extends AutoCloseable {
    /** @return whether events may still come */
    boolean isOpen();

    /**
     * Waits until the stream has ended (the cgroup went) or was closed.
     *
     * @param timeout how long at most
     * @return whether it ended in time
     * @throws InterruptedException when interrupted
     */
    boolean awaitEnd(Duration timeout) throws InterruptedException;

    /** Stops watching; the listener gets nothing more. Idempotent. */
    @Override
    void close();
}
