package io.github.cgroups4j.fs;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.events.EventKind;
import io.github.cgroups4j.events.EventRequest;
import io.github.cgroups4j.events.EventSubscription;
import io.github.cgroups4j.events.MemoryEvent;
import io.github.cgroups4j.spi.CgroupFs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** How the managers start event watches: through the seam, to the caller's executor, one subscription for all. */
public final class Watches {
    private Watches() {
    }

    /**
     * @param fs the seam
     * @param memoryDir the cgroup to watch for memory events (v1: the memory cgroup)
     * @param unified whether it is a cgroup v2 directory
     * @param psiDir the cgroup v2 directory for PSI triggers (the same on v2, the hybrid cgroup2 on v1), or null
     * @param request what to watch
     * @param executor where the listener runs
     * @param listener the listener
     * @return one subscription; {@link EventKind#ENDED} reaches the listener once, when the last watch ends
     * @throws CgroupException when a watch cannot start (those started are closed)
     */
    public static EventSubscription start(CgroupFs fs, String memoryDir, boolean unified, String psiDir,
            EventRequest request, Executor executor, Consumer<MemoryEvent> listener) throws CgroupException {
        boolean split = !unified && !request.psi().isEmpty();
        if (split && psiDir == null) {
            throw new CgroupException(CgroupException.Operation.OPEN, memoryDir, null, "PSI triggers need cgroup v2; "
                    + "this cgroup has no cgroup2 directory");
        }
        List<EventSubscription> subs = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        Consumer<MemoryEvent> out = e -> {
            if (e.kind() == EventKind.ENDED && !ended.compareAndSet(false, true)) {
                return;
            }
            executor.execute(() -> listener.accept(e));
            if (e.kind() == EventKind.ENDED) {
                // one side ended (its cgroup went): the stream ends, so the other side stops too; after ENDED was
                // handed over, so that whoever waits for the end finds it delivered
                for (EventSubscription s : subs) {
                    s.close();
                }
            }
        };
        try {
            subs.add(fs.watch(memoryDir, unified, split ? new EventRequest(request.thresholds(),
                    request.pressureLevels(), List.of()) : request, out));
            if (split) {
                subs.add(fs.watch(psiDir, true, new EventRequest(List.of(), List.of(), request.psi()), out));
                if (ended.get()) {
                    subs.forEach(EventSubscription::close); // the first side ended before this one was added
                }
            }
        } catch (CgroupException | RuntimeException e) {
            subs.forEach(EventSubscription::close);
            throw e;
        }
        return subs.size() == 1 ? subs.get(0) : new EventSubscription() {
            @Override
            public boolean isOpen() {
                return subs.stream().anyMatch(EventSubscription::isOpen);
            }

            @Override
            public boolean awaitEnd(Duration timeout) throws InterruptedException {
                long deadline = System.nanoTime() + timeout.toNanos();
                for (EventSubscription s : subs) {
                    if (!s.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public void close() {
                subs.forEach(EventSubscription::close);
            }
        };
    }
}
