package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.kernel.KmemPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The resource options shared by {@code run}, {@code create} and {@code set}. */
final class LimitOptions {
    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory limit, e.g. 64M (-1 for unlimited).")
    String memory;

    @Option(names = "--memory-swap", paramLabel = "SIZE",
            description = "Memory+swap limit, as runc and docker mean it (>= --memory; -1 for unlimited).")
    String memorySwap;

    @Option(names = "--memory-reservation", paramLabel = "SIZE", description = "Soft memory limit.")
    String memoryReservation;

    @Option(names = "--kernel-memory", paramLabel = "SIZE",
            description = "Kernel memory limit; passes the kmem gate (see --kmem-policy).")
    String kernelMemory;

    @Option(names = "--kernel-memory-tcp", paramLabel = "SIZE", description = "Kernel TCP buffer limit; gated too.")
    String kernelMemoryTcp;

    @Option(names = "--cpus", paramLabel = "N", description = "CPUs, e.g. 0.5: a CFS quota of N x the period.")
    Double cpus;

    @Option(names = "--cpu-period", paramLabel = "USEC", description = "CFS period in microseconds (default 100000).")
    Long cpuPeriod;

    @Option(names = "--cpu-quota", paramLabel = "USEC", description = "CFS quota in microseconds per period.")
    Long cpuQuota;

    @Option(names = "--cpu-shares", paramLabel = "N", description = "CPU shares, 2..262144 (cgroup v1).")
    Long cpuShares;

    @Option(names = "--cpu-weight", paramLabel = "N", description = "CPU weight, 1..10000 (cgroup v2; not used on v1).")
    Long cpuWeight;

    @Option(names = "--cpuset-cpus", paramLabel = "LIST", description = "CPUs allowed, e.g. 0-3,7.")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", paramLabel = "LIST", description = "Memory nodes allowed.")
    String cpusetMems;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Maximum number of tasks (-1 for unlimited).")
    Long pidsLimit;

    @Option(names = "--device-allow", paramLabel = "RULE",
            description = "Allow a device, 'c 1:3 rwm' or a path such as /dev/null; implies a deny-all base.")
    List<String> deviceAllow = new ArrayList<>();

    @Option(names = "--device-deny", paramLabel = "RULE",
            description = "Deny a device, 'c 1:9 rwm' or a path such as /dev/urandom; on an allow-all base unless "
                    + "--device-allow is given.")
    List<String> deviceDeny = new ArrayList<>();

    @Option(names = "--kmem-policy", paramLabel = "POLICY", defaultValue = "gated",
            description = "When kernel-memory accounting may be enabled: gated (default: only with --kernel-memory, "
                    + "cgroup v1, kernel >= 4.3), disabled, legacy (runc rc3..rc93, reproduces the incident).")
    String kmemPolicy;

    @Option(names = "--kmem-strict", description = "Make a kernel-memory setting the gate refuses an error.")
    boolean kmemStrict;

    static KmemPolicy policy(String p) {
        return policy(p, "--kmem-policy");
    }

    static KmemPolicy policy(String p, String option) {
        return switch (p.toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "gated" -> KmemPolicy.GATED;
            case "disabled" -> KmemPolicy.DISABLED;
            case "legacy", "legacy_always" -> KmemPolicy.LEGACY_ALWAYS;
            default -> throw new IllegalArgumentException(option + ": \"" + p + "\" is not gated, disabled or legacy");
        };
    }

    private static Limit limit(String field, String v) {
        long b;
        try {
            b = Sizes.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
        return b < 0 ? Limit.unlimited() : Limit.of(b);
    }

    /** Device rule from "TYPE MAJ:MIN PERMS" or a device path. */
    static DeviceRule device(String spec, boolean allow) {
        String s = spec.strip();
        if (s.startsWith("/")) {
            try {
                Path p = Path.of(s);
                int mode = (Integer) Files.getAttribute(p, "unix:mode");
                long rdev = (Long) Files.getAttribute(p, "unix:rdev");
                char type = (mode & 0170000) == 0020000 ? 'c' : (mode & 0170000) == 0060000 ? 'b' : '?';
                if (type == '?') {
                    throw new IllegalArgumentException(s + " is not a device");
                }
                long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
                long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
                return new DeviceRule(type, major, minor, "rwm", allow);
            } catch (IOException e) {
                throw new IllegalArgumentException("device " + s + ": " + e.getMessage());
            }
        }
        String[] f = s.split("\\s+");
        if (f.length != 3 || f[0].length() != 1 || !f[1].contains(":")) {
            throw new IllegalArgumentException("device rule \"" + spec + "\": expected 'c 1:3 rwm' or a device path");
        }
        String[] mm = f[1].split(":", 2);
        try {
            return new DeviceRule(f[0].charAt(0), num(mm[0]), num(mm[1]), f[2], allow);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("device rule \"" + spec + "\": bad device number");
        }
    }

    private static long num(String s) {
        return s.equals("*") ? DeviceRule.WILDCARD : Long.parseLong(s);
    }

    Resources resources() {
        Resources.Builder b = Resources.builder();
        if (memory != null) {
            b.memory(limit("--memory", memory));
        }
        if (memorySwap != null) {
            b.memorySwap(limit("--memory-swap", memorySwap));
        }
        if (memoryReservation != null) {
            b.memoryReservation(limit("--memory-reservation", memoryReservation));
        }
        if (kernelMemory != null) {
            b.kernelMemory(limit("--kernel-memory", kernelMemory));
        }
        if (kernelMemoryTcp != null) {
            b.kernelMemoryTcp(limit("--kernel-memory-tcp", kernelMemoryTcp));
        }
        long period = cpuPeriod != null ? cpuPeriod : 100_000;
        if (cpus != null) {
            if (cpus <= 0) {
                throw new IllegalArgumentException("--cpus: " + cpus + " must be positive");
            }
            b.cpuPeriod(period).cpuQuota(Math.round(cpus * period));
        } else if (cpuPeriod != null) {
            b.cpuPeriod(cpuPeriod);
        }
        if (cpuQuota != null) {
            b.cpuQuota(cpuQuota < 0 ? Limit.unlimited() : Limit.of(cpuQuota));
        }
        if (cpuShares != null) {
            b.cpuShares(cpuShares);
        }
        if (cpuWeight != null) {
            b.cpuWeight(cpuWeight);
        }
        if (cpusetCpus != null) {
            b.cpusetCpus(cpusetCpus);
        }
        if (cpusetMems != null) {
            b.cpusetMems(cpusetMems);
        }
        if (pidsLimit != null) {
            b.pidsLimit(pidsLimit < 0 ? Limit.unlimited() : Limit.of(pidsLimit));
        }
        if (!deviceAllow.isEmpty() || !deviceDeny.isEmpty()) {
            boolean whiteList = !deviceAllow.isEmpty();
            b.device(new DeviceRule('a', DeviceRule.WILDCARD, DeviceRule.WILDCARD, "rwm", !whiteList));
            deviceAllow.forEach(d -> b.device(device(d, true)));
            deviceDeny.forEach(d -> b.device(device(d, false)));
        }
        return b.build();
    }

    CgroupConfig.Builder config(String path) {
        return CgroupConfig.forPath(path).resources(resources()).kmemPolicy(policy(kmemPolicy)).kmemStrict(kmemStrict);
    }
}
