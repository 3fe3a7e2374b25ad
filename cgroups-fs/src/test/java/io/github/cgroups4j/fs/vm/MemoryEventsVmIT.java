package io.github.cgroups4j.fs.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.CgroupManagers;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.events.EventKind;
import io.github.cgroups4j.events.EventRequest;
import io.github.cgroups4j.events.EventSubscription;
import io.github.cgroups4j.events.MemoryEvent;
import io.github.cgroups4j.events.PsiTrigger;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** [K] Memory events from a cgroup v2 kernel with controllers (the VM): memory.events and a PSI trigger. */
class MemoryEventsVmIT {
    private static final long MIB = 1L << 20;
    private final List<Process> started = new ArrayList<>();
    private CgroupManager m;

    @BeforeEach
    void requireV2() throws Exception {
        VmHost.require();
    }

    @AfterEach
    void cleanUp() throws Exception {
        started.forEach(Process::destroyForcibly);
        if (m != null && m.exists()) {
            m.destroy(true);
        }
    }

    private Process startIn(Resources r, String script) throws Exception {
        m = CgroupManagers.create(CgroupConfig.forPath("/cgroups4j-vm-ev-" + UUID.randomUUID().toString()
                .substring(0, 8)).resources(r).build());
        Process p = new ProcessBuilder("sh", "-c", "read go; " + script).redirectErrorStream(true).start();
        started.add(p);
        m.apply(CgroupManager.NO_PID);
        m.set(r);
        m.apply(p.pid());
        return p;
    }

    private static void release(Process p) throws Exception {
        OutputStream in = p.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static List<EventKind> until(BlockingQueue<MemoryEvent> q, List<EventKind> wanted, long seconds)
            throws InterruptedException {
        List<EventKind> seen = new ArrayList<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!seen.containsAll(wanted)) {
            MemoryEvent e = q.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (e == null) {
                break;
            }
            seen.add(e.kind());
        }
        return seen;
    }

    @Test
    void anOomKillComesFromMemoryEventsAndTheWatchEndsWithTheCgroup() throws Exception {
        Process p = startIn(Resources.builder().memory(64 * MIB).memorySwap(64 * MIB).build(),
                "sleep 300 & head -c 209715200 /dev/zero | tail > /dev/null");
        BlockingQueue<MemoryEvent> q = new LinkedBlockingQueue<>();
        EventSubscription sub = m.events(EventRequest.oom(), Runnable::run, q::add);
        release(p);
        List<EventKind> seen = until(q, List.of(EventKind.OOM_KILL), 120);
        assertTrue(seen.contains(EventKind.OOM_KILL) && seen.contains(EventKind.MAX), seen.toString());
        m.destroy(true);
        assertTrue(sub.awaitEnd(Duration.ofSeconds(30)), "the watch ends with the cgroup");
        assertTrue(until(q, List.of(EventKind.ENDED), 10).contains(EventKind.ENDED));
    }

    @Test
    void highEventsAndAMemoryPsiTriggerUnderASqueeze() throws Exception {
        // above memory.high the kernel throttles and reclaims: "high" events, and tasks stalled on memory
        Process p = startIn(Resources.builder().memory(256 * MIB).memorySwap(256 * MIB)
                .unified("memory.high", Long.toString(32 * MIB)).build(),
                "head -c 134217728 /dev/zero | tail > /dev/null");
        BlockingQueue<MemoryEvent> q = new LinkedBlockingQueue<>();
        EventSubscription sub = m.events(EventRequest.oom().withPsi(new PsiTrigger("memory", false,
                Duration.ofMillis(50), Duration.ofSeconds(2))), Runnable::run, q::add);
        release(p);
        List<EventKind> seen = until(q, List.of(EventKind.HIGH, EventKind.PSI), 180);
        assertTrue(seen.contains(EventKind.HIGH), seen.toString());
        assertTrue(seen.contains(EventKind.PSI), seen.toString());
        sub.close();
        assertTrue(sub.awaitEnd(Duration.ofSeconds(5)));
        assertEquals(false, sub.isOpen());
    }
}
