package io.github.cgroups4j.fs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.events.EventKind;
import io.github.cgroups4j.events.EventRequest;
import io.github.cgroups4j.events.EventSubscription;
import io.github.cgroups4j.events.MemoryEvent;
import io.github.cgroups4j.events.PsiTrigger;
import io.github.cgroups4j.fs.v1.FsManager;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** [K] Memory events pushed by this machine's kernel: v1 eventfds, and PSI triggers on its cgroup2 mount. */
class MemoryEventsIT {
    private static final long MIB = 1L << 20;
    private ManagedCgroup cg;

    @AfterEach
    void cleanUp() throws Exception {
        if (cg != null) {
            cg.close();
        }
    }

    /** This process's descriptors and what each is (for a failure's message). */
    private static java.util.Map<String, String> fdTargets() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        String[] fds = new File("/proc/self/fd").list();
        for (String fd : fds == null ? new String[0] : fds) {
            try {
                out.put(fd, java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd", fd)).toString());
            } catch (java.io.IOException | UnsupportedOperationException gone) {
                // the listing's own descriptor, closed by now
            }
        }
        return out;
    }

    /**
     * The descriptors are back to {@code before}. Other threads of this JVM (a process reaper closing a pipe, a jar
     * opened for a class) may move the count for a moment: it is polled for a second, and a failure names the
     * descriptors that differ.
     */
    private static void assertDescriptorsBack(java.util.Map<String, String> before) throws InterruptedException {
        for (int i = 0; i < 50 && fdTargets().size() != before.size(); i++) {
            Thread.sleep(20);
        }
        java.util.Map<String, String> now = fdTargets();
        if (now.size() != before.size()) {
            java.util.Map<String, String> added = new java.util.TreeMap<>(now);
            added.entrySet().removeAll(before.entrySet());
            java.util.Map<String, String> gone = new java.util.TreeMap<>(before);
            gone.entrySet().removeAll(now.entrySet());
            assertEquals(before.size(), now.size(), "descriptors opened: " + added + ", closed: " + gone);
        }
    }

    private static MemoryEvent next(BlockingQueue<MemoryEvent> q, long seconds) throws InterruptedException {
        MemoryEvent e = q.poll(seconds, TimeUnit.SECONDS);
        assertTrue(e != null, "no event within " + seconds + " s");
        return e;
    }

    @Test
    void theThresholdAndTheOomKillArriveAndTheWatchEndsWithTheCgroup() throws Exception {
        java.util.Map<String, String> fdsBefore = fdTargets();
        cg = new ManagedCgroup();
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(Resources.builder().memory(64 * MIB)
                .memorySwap(64 * MIB).build()));
        Process p = cg.start("head -c 209715200 /dev/zero | tail > /dev/null");
        cg.applyLimitsThenJoin(p);
        BlockingQueue<MemoryEvent> q = new LinkedBlockingQueue<>();
        EventSubscription sub = m.events(EventRequest.oom().withThreshold(32 * MIB), Runnable::run, q::add);
        long released = System.nanoTime();
        ManagedCgroup.release(p);
        MemoryEvent threshold = next(q, 10);
        assertEquals(EventKind.THRESHOLD, threshold.kind(), threshold.toString());
        assertEquals(32 * MIB, threshold.counters().get("threshold"));
        // the usage is read after the eventfd fires: the kernel crossed the threshold, but pages freed meanwhile
        // (tail's pipe buffers) may have taken the counter back below it by a few pages (seen: 48 KiB)
        assertTrue(threshold.counters().get("usage") >= 31 * MIB, threshold.toString());
        MemoryEvent oom = next(q, 10);
        while (oom.kind() == EventKind.THRESHOLD) {
            oom = next(q, 10);
        }
        assertEquals(EventKind.OOM, oom.kind(), oom.toString());
        MemoryEvent kill = oom;
        while (kill.kind() != EventKind.OOM_KILL) { // more OOMs may come first: the kill is counted after the OOM
            assertTrue(kill.kind() == EventKind.OOM || kill.kind() == EventKind.THRESHOLD, kill.toString());
            kill = next(q, 10);
        }
        assertTrue(kill.counters().get("oom_kill") >= 1, kill.toString());
        assertTrue(Duration.between(threshold.time(), oom.time()).toMillis() < 1000,
                "the OOM came within a second of the threshold: " + threshold.time() + " " + oom.time());
        assertTrue((System.nanoTime() - released) / 1_000_000 < 10_000);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());

        m.destroy(true);
        assertTrue(sub.awaitEnd(Duration.ofSeconds(5)), "the watch ends when the cgroup goes");
        MemoryEvent last = q.stream().reduce((a, b) -> b).orElseThrow();
        assertEquals(EventKind.ENDED, last.kind(), q.toString());
        assertFalse(sub.isOpen());
        sub.close();
        cg.close();
        cg = null;
        assertDescriptorsBack(fdsBefore); // no descriptor left
    }

    @Test
    void closingTheWatchReleasesItsThreadAndDescriptors() throws Exception {
        cg = new ManagedCgroup();
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(Resources.builder().memory(64 * MIB).build()));
        m.apply(io.github.cgroups4j.CgroupManager.NO_PID);
        java.util.Map<String, String> fds = fdTargets();
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cgroups4j-events")).count();
        EventSubscription sub = m.events(EventRequest.oom().withThreshold(8 * MIB).withPressureLevel("critical"),
                Runnable::run, e -> { });
        assertTrue(fdTargets().size() > fds.size());
        sub.close();
        assertTrue(sub.awaitEnd(Duration.ofSeconds(5)));
        assertDescriptorsBack(fds);
        for (int i = 0; i < 50 && Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cgroups4j-events")).count() > threads; i++) {
            Thread.sleep(20);
        }
        assertEquals(threads, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cgroups4j-events")).count());
    }

    @Test
    void aPsiTriggerOnThisHostsCgroup2FiresUnderCpuContention() throws Exception {
        cg = new ManagedCgroup();
        FsManager m = cg.manager(CgroupConfig.forPath("x").resources(Resources.builder().memory(64 * MIB)
                .cpusetCpus("0").build()));
        // three busy loops on one CPU: each waits for it most of the time, which PSI counts as "some" cpu stall
        Process p = cg.start("(while :; do :; done) & (while :; do :; done) & while :; do :; done");
        cg.applyLimitsThenJoin(p);
        BlockingQueue<MemoryEvent> q = new LinkedBlockingQueue<>();
        // a 2 s window: without CAP_SYS_RESOURCE (as in this machine's container) the kernel wants multiples of 2 s
        PsiTrigger t = new PsiTrigger("cpu", false, Duration.ofMillis(100), Duration.ofSeconds(2));
        EventSubscription sub = m.events(EventRequest.oom().withPsi(t), Runnable::run, q::add);
        ManagedCgroup.release(p);
        MemoryEvent e = next(q, 10);
        assertEquals(EventKind.PSI, e.kind(), e.toString());
        assertEquals("cpu some 100000 2000000", e.detail());
        sub.close();
        assertThrows(IllegalArgumentException.class,
                () -> new PsiTrigger("memory", false, Duration.ofSeconds(1), Duration.ofSeconds(20)));
        // a 1 s window: accepted with CAP_SYS_RESOURCE, else refused in words
        CgroupException refused = null;
        try {
            m.events(EventRequest.oom().withPsi(new PsiTrigger("io", true, Duration.ofMillis(100),
                    Duration.ofSeconds(1))), Runnable::run, x -> { }).close();
        } catch (CgroupException x) {
            refused = x;
        }
        if (refused != null) {
            assertTrue(refused.getMessage().contains("io.pressure") && refused.getMessage().contains("multiple of 2 s"),
                    refused.getMessage());
        }
    }
}
