package io.github.cgroups4j.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One cgroup of a fake hierarchy: its files, values, tasks and per-controller kernel state. */
final class Node {
    final Hierarchy hierarchy;
    final Node parent;
    final String name;
    final Map<String, Node> children = new LinkedHashMap<>();
    /** v1: one immutable table shared by the hierarchy's non-root cgroups; v2: this cgroup's own, changing map. */
    Map<String, FakeFile> files = new LinkedHashMap<>();
    final Map<String, String> values = new HashMap<>(128);
    /** Per-device files (blkio weight_device, throttles): file to "MAJ:MIN" to value. */
    Map<String, java.util.TreeMap<String, Long>> deviceMaps;
    final Set<Long> procs = new LinkedHashSet<>();

    // memory (v1)
    int memcgId;
    boolean kmemActive;
    // devices (v1)
    boolean devicesAllowAll = true;
    final List<DeviceException> deviceExceptions = new ArrayList<>();
    // freezer (v1 freezer.state and v2 cgroup.freeze)
    boolean frozenSelf;
    /** cgroup v2: the eBPF device program attached here, if any. */
    BpfDeviceProgram deviceProgram;
    // v2
    final Set<String> subtreeControl = new LinkedHashSet<>();
    /** v1: processes the OOM killer killed here (memory.oom_control's oom_kill). */
    long oomKills;
    /**
     * v2: whether the cgroup has a memory cgroup (css) of its own, shown or not: the parent enables memory, or io,
     * which depends on memory (V2Memory.sync). Its tasks are charged here; its counts and memory.oom.group live here.
     */
    boolean memoryCss;
    /** v2 memory.events (V2Memory.EVENTS), counted here and in every ancestor when an event happens. */
    final long[] memoryEvents = new long[V2Memory.EVENTS.size()];
    /** v2 memory.events.local: this cgroup's own. */
    final long[] memoryEventsLocal = new long[V2Memory.EVENTS.size()];

    Node(Hierarchy hierarchy, Node parent, String name) {
        this.hierarchy = hierarchy;
        this.parent = parent;
        this.name = name;
    }

    boolean isRoot() {
        return parent == null;
    }

    /** The path within the hierarchy, "/" for the root. */
    String cgroupPath() {
        if (parent == null) {
            return "/";
        }
        String p = parent.cgroupPath();
        return (p.equals("/") ? "" : p) + "/" + name;
    }

    /** @return where this cgroup is in the file system: below the mount point, without the mount's root */
    String dir() {
        String full = cgroupPath();
        String view = hierarchy.view == null ? "/" : hierarchy.view.cgroupPath();
        if (!view.equals("/")) {
            full = full.equals(view) ? "/" : full.substring(view.length());
        }
        return full.equals("/") ? hierarchy.mountPoint : hierarchy.mountPoint + full;
    }

    boolean frozen() {
        for (Node n = this; n != null; n = n.parent) {
            if (n.frozenSelf) {
                return true;
            }
        }
        return false;
    }

    boolean populated() {
        if (!procs.isEmpty()) {
            return true;
        }
        for (Node c : children.values()) {
            if (c.populated()) {
                return true;
            }
        }
        return false;
    }

    void collectProcs(List<Long> out) {
        out.addAll(procs);
        for (Node c : children.values()) {
            c.collectProcs(out);
        }
    }

    long subtreeCount() {
        long n = 1;
        for (Node c : children.values()) {
            n += c.subtreeCount();
        }
        return n;
    }

    int depth() {
        return parent == null ? 0 : parent.depth() + 1;
    }

    /** A v1 devices cgroup exception: type, numbers (-1 = *), access. */
    static final class DeviceException {
        final char type;
        final long major;
        final long minor;
        String access;

        DeviceException(char type, long major, long minor, String access) {
            this.type = type;
            this.major = major;
            this.minor = minor;
            this.access = access;
        }

        DeviceException copy() {
            return new DeviceException(type, major, minor, access);
        }

        boolean sameDevice(DeviceException o) {
            return type == o.type && major == o.major && minor == o.minor;
        }

        /** Whether this exception covers all of {@code o} (type, numbers and access). */
        boolean covers(DeviceException o) {
            if (type != 'a' && type != o.type) {
                return false;
            }
            if (major != -1 && major != o.major || minor != -1 && minor != o.minor) {
                return false;
            }
            for (char c : o.access.toCharArray()) {
                if (access.indexOf(c) < 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return type + " " + (major == -1 ? "*" : Long.toString(major)) + ":" + (minor == -1 ? "*" : Long.toString(minor))
                    + " " + access;
        }
    }
}
