package io.github.cgroups4j.cli;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.DeviceRule;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.kernel.KmemPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** The resource options shared by {@code run}, {@code create} and {@code set}. */
final class LimitOptions {
    @Option(names = "--memory", paramLabel = "SIZE",
            description = "Memory limit, e.g. 64M or 64MiB (-1 for unlimited; 0 for not set, as docker).")
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
    String cpus;

    @Option(names = "--cpu-period", paramLabel = "USEC", description = "CFS period in microseconds (default 100000).")
    Long cpuPeriod;

    @Option(names = "--cpu-quota", paramLabel = "USEC", description = "CFS quota in microseconds per period.")
    Long cpuQuota;

    @Option(names = "--cpu-shares", paramLabel = "N", description = "CPU shares, 2..262144 (cgroup v1).")
    Long cpuShares;

    @Option(names = "--cpu-weight", paramLabel = "N", description = "CPU weight, 1..10000 (cgroup v2; ignored with a warning on v1).")
    Long cpuWeight;

    @Option(names = "--cpuset-cpus", paramLabel = "LIST", description = "CPUs allowed, e.g. 0-3,7.")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", paramLabel = "LIST", description = "Memory nodes allowed.")
    String cpusetMems;

    @Option(names = "--pids-limit", paramLabel = "N",
            description = "Maximum number of tasks (-1 for unlimited; 0 for not set, as runc).")
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
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
        return b < 0 ? Limit.unlimited() : Limit.of(b);
    }

    /**
     * A hard memory limit below one page (4 KiB, or 64 KiB on some arm64 and ppc64 kernels) is rounded down by the
     * kernel to none at all: the command would be OOM-killed before its first instruction. The library takes it, as
     * runc; the CLI says so. 0 stays "not set".
     */
    private static Limit atLeastAPage(String option, String typed, Limit l, long pageSize) {
        if (!l.isUnlimited() && l.value() > 0 && l.value() < pageSize) {
            throw new IllegalArgumentException(option + " " + typed.strip() + " is below one page of this machine ("
                    + Sizes.format(pageSize) + "): the kernel would round it to no memory at all");
        }
        return l;
    }

    /** Device numbers as the kernel's dev_t holds them: 12 bits of major, 20 of minor. */
    static final long MAX_MAJOR = (1L << 12) - 1;
    static final long MAX_MINOR = (1L << 20) - 1;

    /**
     * Device rule from "TYPE MAJ:MIN PERMS" or a device path.
     *
     * @param option the option the user typed, for messages
     */
    static DeviceRule device(String option, String spec, boolean allow) {
        String s = spec.strip();
        String what = option + " " + spec;
        if (s.startsWith("/")) {
            Path p = Path.of(s);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(what + ": no such device file");
            }
            try {
                int mode = (Integer) Files.getAttribute(p, "unix:mode");
                long rdev = (Long) Files.getAttribute(p, "unix:rdev");
                char type = (mode & 0170000) == 0020000 ? 'c' : (mode & 0170000) == 0060000 ? 'b' : '?';
                if (type == '?') {
                    throw new IllegalArgumentException(what + ": not a device file (a character or block device "
                            + "such as /dev/null)");
                }
                long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
                long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
                return new DeviceRule(type, major, minor, "rwm", allow);
            } catch (IOException e) {
                throw new IllegalArgumentException(what + ": cannot read the device file: " + e.getMessage());
            }
        }
        String[] f = s.split("\\s+");
        if (f.length != 3 || f[0].length() != 1 || "abc".indexOf(f[0].charAt(0)) < 0 || !f[1].contains(":")
                || !f[2].matches("[rwm]{1,3}")) {
            throw new IllegalArgumentException(what + ": expected TYPE MAJOR:MINOR ACCESS such as 'c 1:3 rwm' "
                    + "(TYPE a, b or c; ACCESS of r, w, m), or a device path such as /dev/null");
        }
        String[] mm = f[1].split(":", 2);
        return new DeviceRule(f[0].charAt(0), num(what, "major", mm[0], MAX_MAJOR),
                num(what, "minor", mm[1], MAX_MINOR), f[2], allow);
    }

    private static long num(String what, String which, String s, long max) {
        if (s.equals("*")) {
            return DeviceRule.WILDCARD;
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": " + which + " \"" + s + "\" is not a number or *");
        }
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + ": " + which + " " + v + " is out of range (0.." + max + ")");
        }
        return v;
    }

    /** Resources field to the option that sets it, so a refusal names what the user typed. */
    private static final Map<String, String> OPTION_OF = Map.ofEntries(Map.entry("memory", "--memory"),
            Map.entry("memorySwap", "--memory-swap"), Map.entry("memoryReservation", "--memory-reservation"),
            Map.entry("kernelMemory", "--kernel-memory"), Map.entry("kernelMemoryTcp", "--kernel-memory-tcp"),
            Map.entry("cpuShares", "--cpu-shares"), Map.entry("cpuWeight", "--cpu-weight"),
            Map.entry("cpuQuota", "--cpu-quota"), Map.entry("cpuPeriod", "--cpu-period"),
            Map.entry("cpusetCpus", "--cpuset-cpus"), Map.entry("cpusetMems", "--cpuset-mems"),
            Map.entry("pidsLimit", "--pids-limit"));

    /** Rewrites "field: ..." into "--option: ..." for the fields this command line sets. */
    static IllegalArgumentException inOptionWords(IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        int colon = m.indexOf(':');
        String option = colon > 0 ? OPTION_OF.get(m.substring(0, colon)) : null;
        if (option == null) {
            return e;
        }
        String rest = m.substring(colon);
        for (Map.Entry<String, String> x : OPTION_OF.entrySet()) {
            rest = rest.replaceAll("(?<=[ (])" + x.getKey() + "(?= )", x.getValue());
        }
        return new IllegalArgumentException(option + rest, e);
    }

    Resources resources(long pageSize) {
        if (memorySwap != null && memory == null) {
            throw new IllegalArgumentException("--memory-swap needs --memory: it is the memory+swap limit, as "
                    + "docker and runc mean it");
        }
        if (cpus != null && cpuQuota != null) {
            throw new IllegalArgumentException("--cpus and --cpu-quota: give one of them (--cpus N is a quota of "
                    + "N x the period)");
        }
        Resources.Builder b = Resources.builder();
        if (memory != null) {
            b.memory(atLeastAPage("--memory", memory, limit("--memory", memory), pageSize));
        }
        if (memorySwap != null) {
            b.memorySwap(atLeastAPage("--memory-swap", memorySwap, limit("--memory-swap", memorySwap), pageSize));
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
            double n;
            try {
                n = cpus.strip().matches("[0-9]*\\.?[0-9]+") ? Double.parseDouble(cpus.strip()) : -1;
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (!(n > 0)) {
                throw new IllegalArgumentException("--cpus " + cpus + ": must be a positive number of CPUs such as "
                        + "0.5 or 2");
            }
            long quota = Math.round(n * period);
            if (quota < 1000) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "--cpus %s is below the minimum: it "
                        + "would be a quota of %d us per %d us period, and the kernel's minimum quota is 1 ms "
                        + "(--cpus %s or more)", cpus, quota, period, trim(1000.0 / period)));
            }
            b.cpuPeriod(period).cpuQuota(quota);
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
            deviceAllow.forEach(d -> b.device(device("--device-allow", d, true)));
            deviceDeny.forEach(d -> b.device(device("--device-deny", d, false)));
        }
        Resources r;
        try {
            r = b.build();
        } catch (IllegalArgumentException e) {
            throw inOptionWords(e);
        }
        if (r.memory().isPresent() && r.memoryReservation().isPresent() && !r.memory().get().isUnlimited()
                && (r.memoryReservation().get().isUnlimited()
                        || r.memoryReservation().get().value() > r.memory().get().value())) {
            throw new IllegalArgumentException("--memory-reservation " + memoryReservation + " is above --memory "
                    + memory + ": the soft limit must not exceed the limit (as docker)");
        }
        return r;
    }

    private static String trim(double v) {
        String t = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    /** On cgroup v1 there is no cpu.weight: say so rather than drop it silently. */
    void warnAboutV1(CgroupManager m) {
        // v1 (the fs manager, or systemd over it): the paths are keyed by v1 subsystem names
        if (cpuWeight != null && m.paths().keySet().stream().anyMatch(k -> !k.isEmpty())) {
            System.err.println("cgctl: warning: --cpu-weight is a cgroup v2 setting; cgroup v1 has no cpu.weight, "
                    + "so it is ignored here (use --cpu-shares)");
        }
    }

    /**
     * @param name the NAME (a path, or slice:prefix:name for systemd)
     * @param driver the driver
     * @param host the host (its page size is the floor of a hard memory limit)
     * @return the configuration these options ask for
     * @throws io.github.cgroups4j.CgroupException if the page size cannot be read
     */
    CgroupConfig.Builder config(String name, String driver, Host host) throws io.github.cgroups4j.CgroupException {
        return Host.config(name, driver).resources(resources(host.proc().pageSize())).kmemPolicy(policy(kmemPolicy))
                .kmemStrict(kmemStrict);
    }
}
