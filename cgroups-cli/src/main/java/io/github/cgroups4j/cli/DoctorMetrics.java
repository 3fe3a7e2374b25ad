package io.github.cgroups4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code cgctl doctor --prometheus FILE}: the doctor's report as node_exporter textfile-collector metrics, written
 * with the Prometheus Java client and replaced atomically (a temporary file in the same directory, then a rename),
 * so the collector never reads half a file. All are gauges (nothing here only grows), in base units.
 */
final class DoctorMetrics {
    private DoctorMetrics() {
    }

    /** @return a registry holding the report's metrics */
    static PrometheusRegistry of(JsonNode report, int status) {
        PrometheusRegistry reg = new PrometheusRegistry();
        Info info = Info.builder().name("cgroups4j_host").help("The host cgctl doctor checked: kernel release and "
                + "cgroup mode.").labelNames("kernel", "cgroup_mode").register(reg);
        info.setLabelValues(report.path("kernel").asText(), report.path("cgroup_mode").asText());
        gauge(reg, "cgroups4j_doctor_status", "cgctl doctor's verdict: 0 ok, 1 warning, 2 critical.", status);
        JsonNode ids = report.path("memory_cgroup_ids");
        if (ids.has("num_cgroups")) {
            gauge(reg, "cgroups4j_memory_cgroups", "Memory cgroups the kernel counts in /proc/cgroups (live and "
                    + "dying): each holds one of the memory cgroup IDs.", ids.get("num_cgroups").asDouble());
            gauge(reg, "cgroups4j_memory_cgroup_ids_limit", "Memory cgroup IDs the kernel has; mkdir fails with "
                    + "ENOSPC when they are used up.", ids.get("cap").asDouble());
            gauge(reg, "cgroups4j_memory_cgroup_ids_used_ratio", "Memory cgroups counted over the ID limit.",
                    ids.get("used_fraction").asDouble());
            gauge(reg, "cgroups4j_memory_cgroups_visible", "Memory cgroup directories visible in the v1 memory "
                    + "hierarchy.", ids.get("directories").asDouble());
            gauge(reg, "cgroups4j_memory_cgroups_not_visible", "Memory cgroups counted but not visible: removed "
                    + "and still dying.", ids.get("not_visible").asDouble());
        }
        if (ids.has("nr_dying_descendants")) {
            gauge(reg, "cgroups4j_cgroup_dying_descendants", "Dying cgroups below the cgroup2 root (cgroup.stat "
                    + "nr_dying_descendants).", ids.get("nr_dying_descendants").asDouble());
        }
        JsonNode kmem = report.path("kmem_accounting");
        if (kmem.has("active")) {
            gauge(reg, "cgroups4j_kmem_accounting_active_cgroups", "Memory cgroups with kernel-memory accounting "
                    + "active on a kernel where it leaks their IDs.", kmem.get("active").asDouble());
        }
        JsonNode gate = report.path("kmem_gate");
        Gauge enabled = Gauge.builder().name("cgroups4j_kmem_gate_enables_accounting").help("Whether the GATED "
                + "kmem gate enables kernel-memory accounting on a new memory cgroup: request=\"default\" with "
                + "kernelMemory not set, request=\"nonzero\" with a kernel-memory limit.").labelNames("request")
                .register(reg);
        enabled.labelValues("default").set(gate.path("default").path("enable").asBoolean() ? 1 : 0);
        enabled.labelValues("nonzero").set(gate.path("if_requested").path("enable").asBoolean() ? 1 : 0);
        return reg;
    }

    private static void gauge(PrometheusRegistry reg, String name, String help, double value) {
        Gauge.builder().name(name).help(help).register(reg).set(value);
    }

    /** Writes the file atomically: a temporary file beside it, then a rename over it. */
    static void write(Path file, PrometheusRegistry reg) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                PrometheusTextFormatWriter.create().write(out, reg.scrape());
            }
            tmp.toFile().setReadable(true, false);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
