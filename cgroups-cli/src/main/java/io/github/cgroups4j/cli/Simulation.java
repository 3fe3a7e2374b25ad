package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.fs.v1.FsManager;
import io.github.cgroups4j.kernel.KernelVersion;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.parse.ProcCgroups;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import io.github.cgroups4j.testkit.KernelProfile;
import java.util.function.IntConsumer;

/**
 * The incident on the testkit's fake kernel, kubelet-like: kubepods created by the manager with a memory limit,
 * kubepods/burstable, then per pod a pod cgroup and its containers (no memory settings), created and destroyed,
 * until the pods are done or a mkdir fails with ENOSPC.
 */
final class Simulation {
    /** The outcome of one run. */
    record Result(KmemPolicy policy, int podsRequested, int podsCompleted, Integer enospcAtPod, long numCgroups,
            int idsInUse, int idCap, int baselineIds, String error) {
    }

    private Simulation() {
    }

    /** The fake kernel that behaves like {@code release}. */
    static KernelProfile profile(String release, int cap) {
        KernelVersion v = KernelVersion.parse(release);
        KernelProfile base;
        if (v.isEl7() || !v.isAtLeast(4, 3)) {
            base = KernelProfile.centos7();
        } else if (!v.isAtLeast(5, 9)) {
            base = KernelProfile.xenial();
        } else {
            base = KernelProfile.modernV1();
        }
        return base.withRelease(release).withMemoryIdCap(cap);
    }

    static Result run(String release, KmemPolicy policy, int pods, int cgroupsPerPod, int cap, IntConsumer progress)
            throws CgroupException {
        FakeCgroupFs fs = FakeCgroupFs.builder().profile(profile(release, cap)).layout(FakeCgroupFs.Layout.LEGACY)
                .mountOnly("memory").build();
        fs.recordOperations(false);
        FsManager kubepods = manager(fs, "/kubepods", policy, Resources.builder().memory(30L << 30).build());
        kubepods.apply(CgroupManager.NO_PID);
        kubepods.set(kubepods.config().resources());
        manager(fs, "/kubepods/burstable", policy, Resources.empty()).apply(CgroupManager.NO_PID);
        int baseline = fs.memoryIdsInUse();
        int done = 0;
        Integer enospc = null;
        String error = null;
        for (int n = 0; n < pods; n++) {
            String pod = "/kubepods/burstable/pod" + (n + 1); // pod N is the N-th pod
            FsManager[] ms = new FsManager[cgroupsPerPod];
            ms[0] = manager(fs, pod, policy, Resources.empty());
            for (int c = 1; c < cgroupsPerPod; c++) {
                ms[c] = manager(fs, pod + "/c" + c, policy, Resources.empty());
            }
            try {
                for (FsManager m : ms) {
                    m.apply(CgroupManager.NO_PID);
                }
            } catch (CgroupException e) {
                if (!e.is(Errno.ENOSPC)) {
                    throw e;
                }
                enospc = n + 1;
                error = e.getMessage();
                ms[0].destroy();
                break;
            }
            for (int c = cgroupsPerPod - 1; c >= 0; c--) {
                ms[c].destroy();
            }
            done++;
            progress.accept(done);
        }
        long num = ProcCgroups.parse(fs.procFs().cgroups()).row("memory").orElseThrow().numCgroups();
        return new Result(policy, pods, done, enospc, num, fs.memoryIdsInUse(), cap, baseline, error);
    }

    private static FsManager manager(FakeCgroupFs fs, String path, KmemPolicy policy, Resources r)
            throws CgroupException {
        // kubelet's node-level cgroups skip devices (and the simulated node mounts only memory, for speed)
        return FsManager.create(CgroupConfig.forPath(path).kmemPolicy(policy)
                .resources(r.toBuilder().skipDevices(true).build()).build(), fs, fs.procFs());
    }
}
