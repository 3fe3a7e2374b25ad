package io.github.cgroups4j.fs.it;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.fs.LinuxProcFs;
import io.github.cgroups4j.fs.NativeCgroupFs;
import io.github.cgroups4j.fs.v1.FsManager;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.testkit.ForwardingCgroupFs;
import java.util.Map;

/**
 * The child JVM of {@link CrashRecoveryIT}: applies a container's cgroup (create, set, join a sleep it started) over
 * the real cgroupfs, announcing every change it is about to make, and stops dead at change {@code stopAt} for the
 * parent to SIGKILL it there.
 */
public final class CrashChild {
    private CrashChild() {
    }

    /** The config both sides use. */
    static CgroupConfig config(String path) {
        return CgroupConfig.forPath(path).resources(Resources.builder().memory(64L << 20).pidsLimit(16).build())
                .build();
    }

    /**
     * @param args the cgroup path, the change to stop at
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String path = args[0];
        int stopAt = Integer.parseInt(args[1]);
        Process sleep = new ProcessBuilder("sleep", "300").start();
        System.out.println("sleep " + sleep.pid());
        NativeCgroupFs real = NativeCgroupFs.open();
        int[] step = {0};
        CgroupFs announcing = new ForwardingCgroupFs(real) {
            private void before() {
                step[0]++;
                System.out.println("step " + step[0]);
                if (step[0] == stopAt) {
                    System.out.println("paused");
                    System.out.flush();
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                System.out.flush();
            }

            @Override
            public void write(String dir, String file, String value) throws CgroupException {
                before();
                super.write(dir, file, value);
            }

            @Override
            public boolean mkdir(String dir) throws CgroupException {
                before();
                return super.mkdir(dir);
            }

            @Override
            public void rmdir(String dir) throws CgroupException {
                before();
                super.rmdir(dir);
            }
        };
        FsManager m = FsManager.create(config(path), announcing, LinuxProcFs.system());
        StringBuilder saved = new StringBuilder("paths");
        for (Map.Entry<String, String> e : m.paths().entrySet()) {
            saved.append(' ').append(e.getKey().isEmpty() ? "-" : e.getKey()).append('=').append(e.getValue());
        }
        System.out.println(saved);
        m.apply(CgroupManager.NO_PID);
        m.set(m.config().resources());
        m.apply(sleep.pid());
        System.out.println("done");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
