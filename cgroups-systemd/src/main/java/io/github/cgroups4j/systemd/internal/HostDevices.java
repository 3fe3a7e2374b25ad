package io.github.cgroups4j.systemd.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** This host's devices: {@code /proc/devices} for device groups, {@code /dev} and {@code /sys/dev} for nodes. */
public final class HostDevices implements DeviceLookup {
    /** The one instance. */
    public static final HostDevices INSTANCE = new HostDevices();

    private HostDevices() {
    }

    @Override
    public Optional<String> group(char type, long major) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/devices"));
        } catch (IOException e) {
            return Optional.empty();
        }
        return group(lines, type, major);
    }

    /**
     * runc's {@code findDeviceGroup}, over {@code /proc/devices}' lines.
     *
     * @param lines the file's lines
     * @param type {@code c} or {@code b}
     * @param major the major number
     * @return {@code char-<name>} or {@code block-<name>}, empty when the major is not listed
     */
    static Optional<String> group(List<String> lines, char type, long major) {
        char current = 0;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.equals("Character devices:")) {
                current = 'c';
                continue;
            }
            if (line.equals("Block devices:")) {
                current = 'b';
                continue;
            }
            if (line.isEmpty() || current != type) {
                continue;
            }
            String[] f = line.split("\\s+", 2);
            if (f.length == 2 && f[0].equals(Long.toString(major))) {
                return Optional.of((type == 'b' ? "block-" : "char-") + f[1]);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(Path.of(path)) || Files.exists(Path.of("/sys" + path));
    }
}
