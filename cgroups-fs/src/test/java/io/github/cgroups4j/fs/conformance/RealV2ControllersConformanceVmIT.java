package io.github.cgroups4j.fs.conformance;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.fs.NativeCgroupFs;
import io.github.cgroups4j.fs.vm.VmHost;
import io.github.cgroups4j.spi.CgroupFs;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The v2 controller scenarios on a real cgroup v2 kernel with controllers: the VM of .ci/vm/run.sh. */
class RealV2ControllersConformanceVmIT extends V2ControllersConformance {
    @Override
    Machine machine() throws Exception {
        VmHost.require();
        if (Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .anyMatch(l -> l.contains(" - cgroup2 ") && l.contains("memory_localevents"))) {
            // with it, memcg_memory_event stops at the cgroup and the parents' memory.events stay 0
            throw new IllegalStateException("cgroup2 is mounted with memory_localevents; the scenarios expect "
                    + "memory.events to count the subtree (the kernel's default)");
        }
        NativeCgroupFs fs = NativeCgroupFs.open();
        String dir = "/sys/fs/cgroup/cgroups4j-conformance-" + UUID.randomUUID().toString().substring(0, 8);
        List<Process> started = new ArrayList<>();
        return new Machine() {
            @Override
            public CgroupFs fs() {
                return fs;
            }

            @Override
            public String mine() throws CgroupException {
                fs.mkdir(dir);
                return dir;
            }

            /** tail of /dev/zero keeps its one endless line: it grows until the OOM killer's SIGKILL. */
            @Override
            public void oomKillAGrowingTaskIn(String cgroup, String limited) throws Exception {
                int status = runIn(cgroup, "exec tail /dev/zero", "was not OOM-killed (the limit of " + limited + ")");
                if (status != 128 + 9) {
                    throw new AssertionError("the task ended with " + status + ", not by SIGKILL");
                }
            }

            @Override
            public void idleTaskIn(String cgroup) throws Exception {
                Process p = new ProcessBuilder("sleep", "300").start();
                started.add(p);
                fs.write(cgroup, "cgroup.procs", Long.toString(p.pid()));
            }

            /** tail of a 17 MiB stream holds all of it (the input is not seekable), then exits. */
            @Override
            public void growPastMemoryHighIn(String cgroup) throws Exception {
                int status = runIn(cgroup, "head -c 17M /dev/zero | tail -c 17M >/dev/null", "did not finish");
                if (status != 0) {
                    throw new AssertionError("the task in " + cgroup + " ended with " + status + ": "
                            + new String(started.get(started.size() - 1).getInputStream().readAllBytes(),
                                    StandardCharsets.UTF_8));
                }
            }

            /**
             * Starts {@code sh -c script} held at a barrier, moves it into {@code cgroup}, releases it and waits
             * (120 s at most) for its exit status.
             */
            private int runIn(String cgroup, String script, String failure) throws Exception {
                Process p = new ProcessBuilder("sh", "-c", "read go; " + script).redirectErrorStream(true).start();
                started.add(p);
                fs.write(cgroup, "cgroup.procs", Long.toString(p.pid()));
                OutputStream in = p.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    throw new AssertionError("the task in " + cgroup + " " + failure + " within 120 s"
                            + (fs.exists(cgroup, "memory.events") ? ": memory.events "
                                    + fs.read(cgroup, "memory.events").replace('\n', ' ') : ""));
                }
                return p.exitValue();
            }

            /**
             * Ends every process the scenarios started, and whatever they forked (a pipeline's members outlive a
             * killed sh), with cgroup.kill on the test's cgroup; then removes its cgroups, deepest first, each
             * attempted even when one fails.
             */
            @Override
            public void close() {
                List<Exception> failures = new ArrayList<>();
                try {
                    started.forEach(Process::destroyForcibly);
                    if (fs.exists(dir)) {
                        fs.write(dir, "cgroup.kill", "1");
                        long deadline = System.nanoTime() + 10_000_000_000L;
                        while (!fs.read(dir, "cgroup.events").startsWith("populated 0")) {
                            if (System.nanoTime() > deadline) {
                                failures.add(new IllegalStateException(dir + " still has tasks 10 s after cgroup.kill"));
                                break;
                            }
                            Thread.sleep(10);
                        }
                    }
                    for (Process p : started) {
                        p.waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(e);
                } catch (Exception e) {
                    failures.add(e);
                }
                try {
                    removeTree(dir, failures);
                } finally {
                    fs.close();
                }
                if (!failures.isEmpty()) {
                    IllegalStateException e = new IllegalStateException("cleanup of " + dir + " failed",
                            failures.get(0));
                    failures.subList(1, failures.size()).forEach(e::addSuppressed);
                    throw e;
                }
            }

            private void removeTree(String d, List<Exception> failures) {
                try {
                    if (!fs.exists(d)) {
                        return;
                    }
                    for (String child : fs.list(d)) {
                        removeTree(d + "/" + child, failures);
                    }
                    fs.rmdir(d);
                } catch (CgroupException e) {
                    failures.add(e);
                }
            }
        };
    }
}
