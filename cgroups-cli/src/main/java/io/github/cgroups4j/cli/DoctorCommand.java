package io.github.cgroups4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.kernel.KernelVersion;
import io.github.cgroups4j.kernel.KmemDecision;
import io.github.cgroups4j.kernel.KmemGate;
import io.github.cgroups4j.kernel.KmemPolicy;
import io.github.cgroups4j.kernel.KmemRequest;
import io.github.cgroups4j.parse.KeyValueFile;
import io.github.cgroups4j.parse.KernelCommandLine;
import io.github.cgroups4j.parse.MountInfo;
import io.github.cgroups4j.parse.ProcCgroups;
import io.github.cgroups4j.spi.CgroupFs;
import io.github.cgroups4j.spi.ProcFs;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgctl doctor}: what this host is and whether it is at risk: kernel and distribution, cgroup mode and
 * mounts, controllers, the gate's decision, memory cgroup ID pressure, kmem accounting on old kernels, systemd and
 * D-Bus. Only reads. Exit 0 ok, 1 warning, 2 critical.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Check this host (read only). Exit 0 ok, 1 warning, 2 critical (or bad usage), 3 when the "
        + "--prometheus file could not be written.")
final class DoctorCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int WARNING = 1;
    static final int CRITICAL = 2;
    /** The metrics file could not be written (the check itself ran). */
    static final int METRICS_NOT_WRITTEN = 3;
    private static final int ID_CAP = 65535;

    @ParentCommand
    Cgctl parent;

    @Option(names = "--json", description = "Print a JSON report.")
    boolean json;

    @Option(names = "--prometheus", paramLabel = "FILE",
            description = "Also write the findings as Prometheus metrics (node_exporter textfile format) to FILE, "
                    + "atomically, e.g. /var/lib/node_exporter/textfile/cgroups4j.prom.")
    Path prometheus;

    @Option(names = "--max-walk", paramLabel = "N", defaultValue = "100000",
            description = "Stop counting memory cgroup directories after N (default 100000).")
    int maxWalk;

    private int level = OK;
    private final List<String> findings = new ArrayList<>();

    private void finding(int severity, String text) {
        level = Math.max(level, severity);
        findings.add((severity == CRITICAL ? "CRITICAL: " : severity == WARNING ? "WARNING: " : "") + text);
    }

    @Override
    public Integer call() throws Exception {
        if (maxWalk < 1) {
            throw new IllegalArgumentException("--max-walk " + maxWalk + ": must be 1 or more");
        }
        if (prometheus != null) {
            Path dir = prometheus.toAbsolutePath().getParent();
            if (Files.isDirectory(prometheus)) {
                throw new IllegalArgumentException("--prometheus " + prometheus + ": is a directory; give a file "
                        + "such as " + prometheus.resolve("cgroups4j.prom"));
            }
            if (dir == null || !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--prometheus " + prometheus + ": no such directory " + dir);
            }
        }
        ProcFs proc = parent.host.proc();
        CgroupFs fs = parent.host.fs();
        ObjectNode r = Json.object();
        String release = proc.kernelRelease().strip();
        Optional<KernelVersion> kv = KernelVersion.tryParse(release);
        r.put("kernel", release);
        r.put("distro", distro());
        r.put("java", Runtime.version().toString());
        r.put("native_boundary", io.github.cgroups4j.fs.NativeCgroupFs.nativeBoundary());
        MountInfo mi = MountInfo.parse(proc.mountInfo());
        Optional<CgroupMode> mode = mi.mode("/sys/fs/cgroup");
        r.put("cgroup_mode", mode.map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).orElse("none"));
        ArrayNode mounts = r.putArray("mounts");
        for (MountInfo.Mount m : mi.cgroupMounts()) {
            ObjectNode o = mounts.addObject();
            o.put("mount_point", m.mountPoint());
            o.put("type", m.fsType());
            o.put("root", m.root());
            ArrayNode c = o.putArray("controllers");
            m.controllers().forEach(c::add);
            o.put("read_only", m.isReadOnly());
        }
        if (mode.isEmpty()) {
            finding(CRITICAL, "no cgroup file system is mounted");
        }
        ProcCgroups pc = ProcCgroups.parse(proc.cgroups());
        ArrayNode ctrls = r.putArray("controllers");
        for (ProcCgroups.Row row : pc.rows()) {
            ObjectNode o = ctrls.addObject();
            o.put("name", row.subsystem());
            o.put("hierarchy", row.hierarchy());
            o.put("num_cgroups", row.numCgroups());
            o.put("enabled", row.enabled());
        }

        boolean v2 = mode.orElse(null) == CgroupMode.UNIFIED;
        KmemGate g = KmemGate.of(KmemPolicy.GATED);
        KmemDecision byDefault = g.decide(new KmemRequest(release, v2, Optional.empty(), Optional.empty(), true,
                true));
        KmemDecision requested = g.decide(new KmemRequest(release, v2, Optional.of(KmemGateCommand.EXAMPLE),
                Optional.empty(), true, true));
        ObjectNode gate = r.putObject("kmem_gate");
        gate.put("policy", "GATED");
        ObjectNode def = gate.putObject("default");
        def.putNull("kernel_memory");
        def.put("enable", byDefault.enableAccounting());
        def.put("write_limit", byDefault.writeLimit());
        def.put("refused", byDefault.refused());
        def.put("reason", byDefault.reason());
        ObjectNode req = gate.putObject("if_requested");
        req.put("kernel_memory", KmemGateCommand.EXAMPLE.toRunc());
        req.put("enable", requested.enableAccounting());
        req.put("write_limit", requested.writeLimit());
        req.put("refused", requested.refused());
        req.put("reason", requested.reason());
        // what the kernel itself does, where the gate's reason can only say "unless booted with nokmem"
        Optional<Boolean> noKmem;
        try {
            noKmem = proc.kernelCommandLine().map(KernelCommandLine::noKmem);
        } catch (CgroupException e) {
            noKmem = Optional.empty();
        }
        // before 4.6 v1 accounts only where a kmem limit was written (an el7 kernel from 3.10.0-1062 honours nokmem
        // too, older ones do not know it); v2, and v1 from 4.6 on, by itself unless booted with nokmem
        Optional<Boolean> kernelWould = KmemGate.kernelAccountsByItself(release, v2);
        boolean modern = kernelWould.orElse(false);
        Optional<Boolean> byItself = modern ? noKmem.map(no -> !no) : kernelWould;
        if (noKmem.isPresent()) {
            gate.put("nokmem", noKmem.get());
        } else {
            gate.putNull("nokmem");
        }
        if (byItself.isPresent()) {
            gate.put("kernel_accounts_by_itself", byItself.get());
        } else {
            gate.putNull("kernel_accounts_by_itself");
        }
        String kernelSays;
        if (byItself.isEmpty()) {
            kernelSays = null; // an unknown command line on a modern kernel, or a release that cannot be parsed
        } else if (byItself.get()) {
            kernelSays = "accounts kernel memory in every memory cgroup by itself (" + (v2 ? "cgroup v2" : "4.6+")
                    + ", no cgroup.memory=nokmem on its command line)";
        } else if (modern) {
            kernelSays = "accounts no kernel memory anywhere (booted with cgroup.memory=nokmem)";
        } else if (noKmem.orElse(false)) {
            kernelSays = "was booted with cgroup.memory=nokmem: no kernel-memory accounting if it honours the option "
                    + "(el7 from 3.10.0-1062), else only where a kmem limit was written (before 4.6)";
        } else {
            kernelSays = "accounts kernel memory only where a kmem limit was written, in the cgroup or an accounted "
                    + "ancestor (before 4.6)";
        }
        boolean oldKernel = kv.isEmpty() || !kv.get().isAtLeast(4, 3);
        if (oldKernel && !v2) {
            finding(WARNING, kv.isEmpty()
                    ? "kernel release \"" + release + "\" cannot be parsed: treated as older than 4.3, keep "
                            + "kernel-memory accounting off (GATED does)"
                    : "kernel " + release + " is older than 4.3: keep kernel-memory accounting off (GATED does)");
        }

        ObjectNode pressure = r.putObject("memory_cgroup_ids");
        Optional<MountInfo.Mount> memMount = mi.v1Mount("memory");
        if (memMount.isPresent() && !v2) {
            long num = pc.row("memory").map(ProcCgroups.Row::numCgroups).orElse(0L);
            List<String> dirs = new ArrayList<>();
            boolean truncated = walk(fs, memMount.get().mountPoint(), dirs);
            pressure.put("num_cgroups", num);
            pressure.put("directories", dirs.size());
            pressure.put("directories_truncated", truncated);
            pressure.put("not_visible", Math.max(0, num - dirs.size()));
            pressure.put("cap", ID_CAP);
            double used = (double) num / ID_CAP;
            pressure.put("used_fraction", used);
            if (used >= 0.9) {
                finding(CRITICAL, "memory cgroups " + num + " of " + ID_CAP + ": mkdir will soon fail with ENOSPC");
            } else if (used >= 0.5) {
                finding(WARNING, "memory cgroups " + num + " of " + ID_CAP + " in use");
            }
            if (num - dirs.size() > 1000) {
                finding(WARNING, (num - dirs.size()) + " memory cgroups are counted but not visible (dying)");
            }
            if (oldKernel) {
                int active = 0;
                for (String d : dirs) {
                    try {
                        fs.read(d, "memory.kmem.slabinfo");
                        active++;
                    } catch (CgroupException e) {
                        if (!e.is(Errno.EIO) && !e.is(Errno.ENOENT)) {
                            throw e;
                        }
                    }
                }
                ObjectNode k = r.putObject("kmem_accounting");
                k.put("checked", dirs.size());
                k.put("active", active);
                if (active > 0) {
                    finding(kv.isPresent() && kv.get().isEl7() ? CRITICAL : WARNING, active + " memory cgroups have "
                            + "kernel-memory accounting active on " + release + ": their IDs leak when they are removed");
                }
            }
        } else if (v2) {
            Optional<MountInfo.Mount> u = mi.unifiedMount();
            if (u.isPresent()) {
                long dying = KeyValueFile.valueOf("cgroup.stat", fs.read(u.get().mountPoint(), "cgroup.stat"),
                        "nr_dying_descendants");
                pressure.put("nr_dying_descendants", dying);
                if (dying > 1000) {
                    finding(WARNING, dying + " dying cgroups under the cgroup2 root");
                }
            }
        }

        if (!v2 && mode.orElse(null) == CgroupMode.HYBRID) {
            Optional<MountInfo.Mount> u = mi.hybridUnifiedMount("/sys/fs/cgroup");
            if (u.isPresent()) {
                try { // the hybrid cgroup2 has no controllers; its dying cgroups are still counted
                    pressure.put("nr_dying_descendants", KeyValueFile.valueOf("cgroup.stat",
                            fs.read(u.get().mountPoint(), "cgroup.stat"), "nr_dying_descendants"));
                } catch (CgroupException e) {
                    if (!e.is(Errno.ENOENT)) { // cgroup.stat came in 4.14
                        throw e;
                    }
                }
            }
        }

        ObjectNode sd = r.putObject("systemd");
        String pid1 = "unknown";
        try {
            for (String line : proc.status(1).split("\n")) {
                if (line.startsWith("Name:")) {
                    pid1 = line.substring(5).strip();
                }
            }
        } catch (CgroupException e) {
            pid1 = "unreadable: " + e.getMessage();
        }
        sd.put("pid1", pid1);
        sd.put("pid1_is_systemd", pid1.equals("systemd"));
        Path bus = Path.of("/run/dbus/system_bus_socket");
        sd.put("system_bus_socket", bus.toString());
        sd.put("system_bus_reachable", Files.exists(bus) && busAnswers(bus, uid(proc)));
        java.util.Optional<String> why = io.github.cgroups4j.systemd.Systemd.unavailabilityCause();
        sd.put("driver_available", why.isEmpty());
        why.ifPresent(w -> sd.put("unavailability_cause", w));
        sd.put("note", "reachability is the D-Bus authentication handshake; --driver systemd uses this bus");

        ArrayNode f = r.putArray("findings");
        findings.forEach(f::add);
        r.put("status", level == OK ? "ok" : level == WARNING ? "warning" : "critical");
        if (prometheus != null) {
            try {
                DoctorMetrics.write(prometheus, DoctorMetrics.of(r, level));
            } catch (java.io.IOException e) {
                throw new CliError(METRICS_NOT_WRITTEN, "--prometheus " + prometheus + ": cannot write it: "
                        + why(e));
            }
        }
        if (json) {
            System.out.println(Json.pretty(r));
        } else {
            System.out.println("kernel      " + release + " (" + r.get("distro").asText() + ")");
            System.out.println("java        " + r.get("java").asText() + ", native calls through "
                    + (r.get("native_boundary").asText().equals("ffm") ? "java.lang.foreign" : "JNA"));
            System.out.println("cgroups     " + r.get("cgroup_mode").asText() + ", " + mi.cgroupMounts().size()
                    + " mounts");
            for (MountInfo.Mount m : mi.cgroupMounts()) {
                System.out.println("            " + m.mountPoint() + " " + m.fsType() + " " + m.controllers());
            }
            System.out.println("kmem gate   default: " + byDefault.reason());
            System.out.println("            if requested (e.g. --kernel-memory 64M): "
                    + KmemGateCommand.verdict(requested, release, v2) + ": " + requested.reason());
            if (kernelSays != null) {
                System.out.println("            the kernel " + kernelSays);
            }
            if (pressure.has("num_cgroups")) {
                System.out.println("memory ids  " + pressure.get("num_cgroups").asLong() + " of " + ID_CAP
                        + " in use, " + pressure.get("directories").asLong() + " directories visible");
            }
            System.out.println("systemd     pid 1 is " + pid1 + "; system bus "
                    + (sd.get("system_bus_reachable").asBoolean() ? "reachable" : "not reachable"));
            findings.forEach(x -> System.out.println("  " + x));
            System.out.println("status      " + r.get("status").asText());
        }
        return level;
    }

    /** Collects memory cgroup directories (the root included); true when stopped at --max-walk. */
    private boolean walk(CgroupFs fs, String dir, List<String> out) throws CgroupException {
        out.add(dir);
        if (out.size() >= maxWalk) {
            return true;
        }
        for (String c : fs.list(dir)) {
            if (walk(fs, dir + "/" + c, out)) {
                return true;
            }
        }
        return false;
    }

    private static String distro() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring(12).replace("\"", "");
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** The D-Bus SASL handshake: a bus that answers OK to AUTH EXTERNAL within 2 s is reachable. */
    static boolean busAnswers(Path socket, String uid) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            StringBuilder hex = new StringBuilder();
            for (char c : uid.toCharArray()) {
                hex.append(Integer.toHexString(c));
            }
            ch.write(ByteBuffer.wrap(("\0AUTH EXTERNAL " + hex + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            ByteBuffer in = ByteBuffer.allocate(256);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (in.position() == 0 && System.nanoTime() < deadline) {
                if (ch.read(in) < 0) {
                    return false;
                }
                Thread.sleep(5);
            }
            String answer = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            return answer.startsWith("OK ");
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String uid(ProcFs proc) {
        try {
            for (String line : proc.status(ProcFs.SELF).split("\n")) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).strip().split("\\s+")[1]; // the effective uid
                }
            }
        } catch (CgroupException | RuntimeException e) {
            return "0";
        }
        return "0";
    }

    /** Why a file could not be written, in words (NIO names some failures only by their class). */
    static String why(java.io.IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
