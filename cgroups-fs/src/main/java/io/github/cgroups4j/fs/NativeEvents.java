package io.github.cgroups4j.fs;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupException.Operation;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.events.EventKind;
import io.github.cgroups4j.events.EventRequest;
import io.github.cgroups4j.events.EventSubscription;
import io.github.cgroups4j.events.MemoryEvent;
import io.github.cgroups4j.events.PsiTrigger;
import io.github.cgroups4j.fs.internal.nativeio.ErrnoException;
import io.github.cgroups4j.fs.internal.nativeio.Syscalls;
import io.github.cgroups4j.parse.KeyValueFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's memory notifications, pushed: one daemon thread per watch blocks in {@code poll(2)} on
 * <ul>
 * <li>v1: an eventfd per registration in {@code cgroup.event_control} ({@code memory.oom_control}, a
 * {@code memory.usage_in_bytes} threshold, a {@code memory.pressure_level}), as runc's {@code notify_linux.go};
 * the kernel signals every registration of a cgroup being removed, which ends the watch;</li>
 * <li>v2: inotify on {@code memory.events} and {@code cgroup.events} ({@code IN_MODIFY}), as runc's
 * {@code notify_v2_linux.go}: the counters that changed become events; the cgroup's removal, or its emptying
 * ({@code populated 0}, as runc), ends the watch (the removal is checked every second: cgroupfs
 * sends no inotify event for it);</li>
 * <li>PSI: a trigger written to {@code <resource>.pressure} on a descriptor kept open, {@code POLLPRI} per firing;</li>
 * <li>and an eventfd of its own that {@link #close()} signals.</li>
 * </ul>
 * Every descriptor is closed when the thread ends.
 */
final class NativeEvents implements EventSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(NativeEvents.class);

    /** One descriptor polled, and what its readiness means. */
    private record Source(int fd, short events, Kind kind, String detail, List<Integer> alsoClose) {
    }

    private enum Kind { STOP, OOM, THRESHOLD, LEVEL, INOTIFY, PSI }

    private final NativeCgroupFs fs;
    private final String dir;
    private final Consumer<MemoryEvent> listener;
    private final List<Source> sources = new ArrayList<>();
    private final int stopFd;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean open = true;
    private volatile boolean closing;
    private Map<String, Long> lastV2 = Map.of();
    private long lastOomKill;
    /** v1: the OOM notification comes before the kill is counted; until then (2 s at most) the count is re-read. */
    private long killCheckUntil;
    /** v2: the watch descriptor of cgroup.events, and whether the cgroup's removal is checked by the clock. */
    private int cgroupEventsWd = -1;
    private boolean v2;
    private volatile Thread thread;

    private NativeEvents(NativeCgroupFs fs, String dir, Consumer<MemoryEvent> listener, int stopFd) {
        this.fs = fs;
        this.dir = dir;
        this.listener = listener;
        this.stopFd = stopFd;
        sources.add(new Source(stopFd, Syscalls.POLLIN, Kind.STOP, "", List.of()));
    }

    static NativeEvents start(NativeCgroupFs fs, String dir, boolean unified, EventRequest request,
            Consumer<MemoryEvent> listener) throws CgroupException {
        NativeEvents w;
        try {
            w = new NativeEvents(fs, dir, listener, Syscalls.eventfd());
        } catch (ErrnoException e) {
            throw new CgroupException(Operation.OPEN, dir, null, null, e.errno(), "eventfd", null);
        }
        try {
            if (unified) {
                if (fs.exists(dir, "memory.events")) {
                    w.watchV2();
                } else if (request.psi().isEmpty()) {
                    throw new CgroupException(Operation.OPEN, dir, "memory.events", null, Errno.ENOENT.number(),
                            "no memory controller here", null);
                }
                // else PSI alone (a hybrid host's cgroup2, which has no controllers but has PSI)
            } else {
                w.register(Kind.OOM, "memory.oom_control", null, "oom");
                for (long t : request.thresholds()) {
                    w.register(Kind.THRESHOLD, "memory.usage_in_bytes", Long.toString(t), Long.toString(t));
                }
                for (String level : request.pressureLevels()) {
                    w.register(Kind.LEVEL, "memory.pressure_level", level, level);
                }
                w.lastOomKill = w.v1Counters().getOrDefault("oom_kill", 0L);
            }
            for (PsiTrigger t : request.psi()) {
                if (!unified) {
                    throw new CgroupException(Operation.OPEN, dir, t.file(), "PSI triggers need a cgroup v2 "
                            + "directory");
                }
                w.trigger(t);
            }
        } catch (CgroupException | RuntimeException e) {
            w.closeAll();
            throw e;
        }
        try {
            Thread t = new Thread(w::run, "cgroups4j-events " + dir);
            t.setDaemon(true);
            w.thread = t;
            t.start();
        } catch (Throwable e) {
            w.closeAll();
            throw e;
        }
        return w;
    }

    /** v1: an eventfd registered in cgroup.event_control for {@code file} (with an argument). */
    private void register(Kind kind, String file, String arg, String detail) throws CgroupException {
        int efd;
        try {
            efd = Syscalls.eventfd();
        } catch (ErrnoException e) {
            throw new CgroupException(Operation.OPEN, dir, file, null, e.errno(), "eventfd", null);
        }
        int target = -1;
        try {
            target = fs.openFd(dir, file, Syscalls.O_RDONLY);
            fs.write(dir, "cgroup.event_control", efd + " " + target + (arg == null ? "" : " " + arg));
        } catch (CgroupException e) {
            Syscalls.closeQuietly(efd);
            if (target >= 0) {
                Syscalls.closeQuietly(target);
            }
            throw e;
        }
        sources.add(new Source(efd, Syscalls.POLLIN, kind, detail, List.of(target)));
    }

    private void watchV2() throws CgroupException {
        int ifd;
        try {
            ifd = Syscalls.inotifyInit();
        } catch (ErrnoException e) {
            throw new CgroupException(Operation.OPEN, dir, null, null, e.errno(), "inotify_init1", null);
        }
        try {
            Syscalls.inotifyAddWatch(ifd, fs.checkedPath(dir, "memory.events"), Syscalls.IN_MODIFY);
            cgroupEventsWd = Syscalls.inotifyAddWatch(ifd, fs.checkedPath(dir, "cgroup.events"), Syscalls.IN_MODIFY);
        } catch (ErrnoException e) {
            Syscalls.closeQuietly(ifd);
            throw new CgroupException(Operation.OPEN, dir, "memory.events", null, e.errno(), e.errno()
                    == Errno.ENOENT.number() ? "no memory controller here" : "inotify_add_watch", null);
        } catch (CgroupException e) {
            Syscalls.closeQuietly(ifd);
            throw e;
        }
        sources.add(new Source(ifd, Syscalls.POLLIN, Kind.INOTIFY, "", List.of()));
        lastV2 = KeyValueFile.parse("memory.events", fs.read(dir, "memory.events"));
        v2 = true;
    }

    private void trigger(PsiTrigger t) throws CgroupException {
        int fd = fs.openFd(dir, t.file(), Syscalls.O_RDWR | Syscalls.O_NONBLOCK);
        try {
            Syscalls.writeFully(fd, t.spec().getBytes(StandardCharsets.UTF_8));
        } catch (ErrnoException e) {
            Syscalls.closeQuietly(fd);
            throw new CgroupException(Operation.WRITE, dir, t.file(), t.spec(), e.errno(), e.errno()
                    == Errno.EINVAL.number() ? "the kernel refused the trigger (window 500 ms..10 s, stall at most "
                    + "the window; unprivileged: a multiple of 2 s)" : null, null);
        }
        sources.add(new Source(fd, Syscalls.POLLPRI, Kind.PSI, t.resource() + " " + t.spec(), List.of()));
    }

    private Map<String, Long> v1Counters() throws CgroupException {
        return KeyValueFile.parse("memory.oom_control", fs.read(dir, "memory.oom_control"));
    }

    private boolean populated() throws CgroupException {
        return KeyValueFile.parse("cgroup.events", fs.read(dir, "cgroup.events")).getOrDefault("populated", 0L)
                == 1;
    }

    private static boolean gone(CgroupException e) {
        return e.is(Errno.ENOENT) || e.is(Errno.ENODEV);
    }

    private void emit(EventKind kind, Map<String, Long> counters, String detail) {
        if (closing) {
            return;
        }
        try {
            listener.accept(new MemoryEvent(kind, dir, counters, detail, Instant.now()));
        } catch (RuntimeException e) {
            LOG.warn("{}: the event listener threw: {}", dir, e.toString());
        }
    }

    private void run() {
        String why = null;
        try {
            int n = sources.size();
            int[] fds = new int[n];
            short[] ev = new short[n];
            for (int i = 0; i < n; i++) {
                fds[i] = sources.get(i).fd();
                ev[i] = sources.get(i).events();
            }
            while (why == null) {
                // cgroupfs sends no inotify event when a v2 cgroup is removed: the clock checks (runc ends at
                // "populated 0" only)
                short[] re = Syscalls.poll(fds, ev, killCheckUntil != 0 ? 50 : v2 ? 1000 : -1);
                if (v2 && !fs.exists(dir)) {
                    why = "the cgroup was removed";
                    break;
                }
                for (int i = 0; i < n && why == null; i++) {
                    if (re[i] != 0) {
                        why = handle(sources.get(i), re[i]);
                    }
                }
                if (why == null && killCheckUntil != 0) {
                    checkKill(null);
                }
            }
        } catch (ErrnoException | CgroupException | RuntimeException e) {
            why = "the watch failed: " + e.getMessage();
            LOG.warn("{}: {}", dir, why);
        } finally {
            if (!closing) {
                emit(EventKind.ENDED, Map.of(), why == null ? "" : why);
            }
            closeAll();
            open = false;
            ended.countDown();
        }
    }

    /** @return why the watch ends now, or null to go on */
    private String handle(Source s, short revents) throws ErrnoException, CgroupException {
        switch (s.kind()) {
            case STOP:
                return "closed";
            case OOM:
            case THRESHOLD:
            case LEVEL: {
                Syscalls.readEventfd(s.fd());
                // the kernel signals every registration when the cgroup goes (runc checks the same way)
                if (!fs.exists(dir, "cgroup.event_control")) {
                    return "the cgroup was removed";
                }
                if (s.kind() == Kind.OOM) {
                    Map<String, Long> c = v1Counters();
                    emit(EventKind.OOM, c, "");
                    killCheckUntil = System.nanoTime() + 2_000_000_000L;
                    checkKill(c);
                } else if (s.kind() == Kind.THRESHOLD) {
                    long usage;
                    try {
                        usage = fs.readUint(dir, "memory.usage_in_bytes");
                    } catch (CgroupException e) {
                        if (gone(e)) {
                            return "the cgroup was removed";
                        }
                        throw e;
                    }
                    emit(EventKind.THRESHOLD, Map.of("threshold", Long.parseLong(s.detail()), "usage", usage),
                            s.detail());
                } else {
                    emit(EventKind.PRESSURE_LEVEL, Map.of(), s.detail());
                }
                return null;
            }
            case INOTIFY: {
                List<int[]> masks = Syscalls.drainInotify(s.fd());
                if (masks.stream().anyMatch(m -> (m[1] & Syscalls.IN_IGNORED) != 0) || !fs.exists(dir)) {
                    return "the cgroup was removed";
                }
                boolean eventsChanged = masks.stream().anyMatch(m -> m[0] == cgroupEventsWd);
                Map<String, Long> now;
                try {
                    now = KeyValueFile.parse("memory.events", fs.read(dir, "memory.events"));
                } catch (CgroupException e) {
                    if (gone(e)) {
                        return "the cgroup was removed";
                    }
                    throw e;
                }
                for (Map.Entry<String, Long> e : now.entrySet()) {
                    if (e.getValue() > lastV2.getOrDefault(e.getKey(), 0L)) {
                        EventKind k = EventKind.ofMemoryEventsKey(e.getKey());
                        if (k != null) {
                            emit(k, now, e.getKey());
                        }
                    }
                }
                lastV2 = now;
                if (eventsChanged) {
                    boolean p;
                    try {
                        p = populated();
                    } catch (CgroupException e) {
                        if (gone(e)) {
                            return "the cgroup was removed";
                        }
                        throw e;
                    }
                    if (!p) {
                        return "the cgroup became empty (populated 0)"; // as runc's notify_v2
                    }
                }
                return null;
            }
            case PSI:
            default:
                if ((revents & (Syscalls.POLLERR | Syscalls.POLLNVAL)) != 0) {
                    return "the cgroup was removed";
                }
                emit(EventKind.PSI, Map.of(), s.detail());
                return null;
        }
    }

    /** Emits OOM_KILL when {@code oom_kill} went up (read now when {@code c} is null); stops looking after 2 s. */
    private void checkKill(Map<String, Long> c) throws CgroupException {
        Map<String, Long> counters;
        try {
            counters = c != null ? c : v1Counters();
        } catch (CgroupException e) {
            if (e.is(Errno.ENOENT) || e.is(Errno.ENODEV)) {
                killCheckUntil = 0; // going: the eventfd reports it
                return;
            }
            throw e;
        }
        long kills = counters.getOrDefault("oom_kill", lastOomKill);
        if (kills > lastOomKill) {
            emit(EventKind.OOM_KILL, counters, "");
            lastOomKill = kills;
            killCheckUntil = 0;
        } else if (System.nanoTime() > killCheckUntil) {
            killCheckUntil = 0; // an OOM without a kill (oom_kill_disable, or a kernel without the counter)
        }
    }

    private synchronized void closeAll() {
        for (Source s : sources) {
            Syscalls.closeQuietly(s.fd());
            s.alsoClose().forEach(Syscalls::closeQuietly);
        }
        sources.clear();
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
        synchronized (this) {
            boolean running = !closing && !sources.isEmpty(); // the descriptors are still ours: stopFd is valid
            closing = true;
            if (!running) {
                return;
            }
            try {
                Syscalls.signalEventfd(stopFd);
            } catch (ErrnoException e) {
                LOG.warn("{}: cannot wake the event watcher: {}", dir, e.getMessage());
            }
        }
        if (Thread.currentThread() == thread) {
            return; // closed by the listener, on the watcher's own thread: it ends when the listener returns
        }
        try {
            if (!ended.await(5, TimeUnit.SECONDS)) {
                LOG.warn("{}: the event watcher did not stop within 5 s", dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
