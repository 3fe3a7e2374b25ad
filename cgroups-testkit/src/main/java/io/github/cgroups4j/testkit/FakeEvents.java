package io.github.cgroups4j.testkit;

import io.github.cgroups4j.events.EventKind;
import io.github.cgroups4j.events.EventRequest;
import io.github.cgroups4j.events.EventSubscription;
import io.github.cgroups4j.events.MemoryEvent;
import io.github.cgroups4j.events.PsiTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The fake kernel's memory notifications: what {@link FakeCgroupFs#watch} registers and what its model fires when it
 * OOM-kills, crosses a usage threshold, is under pressure, stalls, or removes a cgroup. Events are delivered on the
 * thread that made them happen (the test's), so a runtime's OOM handling is unit-testable without timing.
 */
final class FakeEvents {
    private static final List<String> LEVELS = List.of("low", "medium", "critical");
    private final Map<String, List<Watch>> byDir = new HashMap<>();

    final class Watch implements EventSubscription {
        final String dir;
        final boolean unified;
        final EventRequest request;
        final Consumer<MemoryEvent> listener;
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile boolean open = true;

        Watch(String dir, boolean unified, EventRequest request, Consumer<MemoryEvent> listener) {
            this.dir = dir;
            this.unified = unified;
            this.request = request;
            this.listener = listener;
        }

        void emit(EventKind kind, Map<String, Long> counters, String detail) {
            if (open) {
                listener.accept(new MemoryEvent(kind, dir, counters, detail, Instant.now()));
            }
        }

        void end(String why) {
            emit(EventKind.ENDED, Map.of(), why);
            stop();
        }

        private void stop() {
            open = false;
            ended.countDown();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public boolean awaitEnd(Duration timeout) throws InterruptedException {
            return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            synchronized (FakeEvents.this) {
                List<Watch> l = byDir.get(dir);
                if (l != null) {
                    l.remove(this);
                }
            }
            stop();
        }
    }

    synchronized Watch add(String dir, boolean unified, EventRequest request, Consumer<MemoryEvent> listener) {
        Watch w = new Watch(dir, unified, request, listener);
        byDir.computeIfAbsent(dir, d -> new ArrayList<>()).add(w);
        return w;
    }

    synchronized int count(String dir) {
        return byDir.getOrDefault(dir, List.of()).size();
    }

    private synchronized List<Watch> on(String dir) {
        return new ArrayList<>(byDir.getOrDefault(dir, List.of()));
    }

    /** v1: the OOM killer killed a task of {@code dir}; {@code oomKills} is memory.oom_control's count now. */
    void oomKilled(String dir, long oomKills) {
        for (Watch w : on(dir)) {
            if (!w.unified) {
                Map<String, Long> c = Map.of("oom_kill_disable", 0L, "under_oom", 0L, "oom_kill", oomKills);
                w.emit(EventKind.OOM, c, "");
                w.emit(EventKind.OOM_KILL, c, "");
            }
        }
    }

    /** v1 {@code memory.usage_in_bytes} went from {@code before} to {@code after}. */
    void usage(String dir, long before, long after) {
        for (Watch w : on(dir)) {
            if (w.unified) {
                continue;
            }
            for (long t : w.request.thresholds()) {
                if (before < t && after >= t || before >= t && after < t) {
                    w.emit(EventKind.THRESHOLD, Map.of("threshold", t, "usage", after), Long.toString(t));
                }
            }
        }
    }

    /** v1 vmpressure at {@code level}: listeners of that level and the ones below hear it (the default mode). */
    void pressure(String dir, String level) {
        int at = LEVELS.indexOf(level);
        if (at < 0) {
            throw new IllegalArgumentException("pressure level \"" + level + "\" is not low, medium or critical");
        }
        for (Watch w : on(dir)) {
            for (String l : w.request.pressureLevels()) {
                if (LEVELS.indexOf(l) <= at) {
                    w.emit(EventKind.PRESSURE_LEVEL, Map.of(), l);
                }
            }
        }
    }

    /** Tasks of {@code dir} stalled on {@code resource} beyond every trigger's threshold. */
    void stall(String dir, String resource) {
        for (Watch w : on(dir)) {
            for (PsiTrigger t : w.request.psi()) {
                if (t.resource().equals(resource)) {
                    w.emit(EventKind.PSI, Map.of(), t.resource() + " " + t.spec());
                }
            }
        }
    }

    /**
     * v2: {@code dir}'s memory.events went from {@code before} to {@code after}: as the real watcher, an event for
     * each counter that went up, in the file's order, with the counters now ({@code oom_group_kill} has none of its
     * own: its kills are counted in {@code oom_kill}).
     */
    void v2Changed(String dir, Map<String, Long> before, Map<String, Long> after) {
        for (Map.Entry<String, Long> e : after.entrySet()) {
            if (e.getValue() <= before.getOrDefault(e.getKey(), 0L)) {
                continue;
            }
            EventKind k = EventKind.ofMemoryEventsKey(e.getKey());
            if (k == null) {
                continue;
            }
            for (Watch w : on(dir)) {
                if (w.unified) {
                    w.emit(k, after, e.getKey());
                }
            }
        }
    }

    /** @return the directories with a v2 watch */
    synchronized List<String> v2Dirs() {
        List<String> out = new ArrayList<>();
        byDir.forEach((d, l) -> {
            if (l.stream().anyMatch(w -> w.unified)) {
                out.add(d);
            }
        });
        return out;
    }

    /** v2: {@code dir}'s subtree has no task left ({@code populated 0}): its v2 watches end, as the real ones. */
    void emptied(String dir) {
        for (Watch w : on(dir)) {
            if (w.unified) {
                w.end("the cgroup became empty (populated 0)");
                w.close();
            }
        }
    }

    /** {@code dir} was removed: its watches end. */
    void removed(String dir) {
        for (Watch w : on(dir)) {
            w.end("the cgroup was removed");
            w.close();
        }
    }
}
