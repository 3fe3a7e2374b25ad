package io.github.cgroups4j.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.CgroupParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountInfoTest {

    @Test
    void thisHostHybridWithSeparateCpuAndCpuacct() throws CgroupParseException {
        MountInfo mi = MountInfo.parse(Fixtures.read("this-host.mountinfo"));
        assertEquals(CgroupMode.HYBRID, mi.mode("/sys/fs/cgroup").orElseThrow());
        assertEquals("/sys/fs/cgroup/cpu", mi.v1Mount("cpu").orElseThrow().mountPoint());
        assertEquals("/sys/fs/cgroup/cpuacct", mi.v1Mount("cpuacct").orElseThrow().mountPoint());
        assertEquals(List.of("cpu"), mi.v1Mount("cpu").orElseThrow().controllers());
        assertEquals("/sys/fs/cgroup/systemd", mi.v1Mount("name=systemd").orElseThrow().mountPoint());
        MountInfo.Mount unified = mi.unifiedMount().orElseThrow();
        assertEquals("/sys/fs/cgroup/unified", unified.mountPoint());
        assertEquals("/", unified.root());
        assertTrue(unified.isCgroupV2());
        assertEquals(10, mi.cgroupMounts().size());
        assertTrue(mi.v1Mount("hugetlb").isEmpty(), "hugetlb is not mounted here");
    }

    @Test
    void classicHybridCoMountsCpuAndCpuacct() throws CgroupParseException {
        MountInfo mi = MountInfo.parse(Fixtures.read("classic-hybrid.mountinfo"));
        assertEquals(CgroupMode.HYBRID, mi.mode("/sys/fs/cgroup").orElseThrow());
        MountInfo.Mount cpu = mi.v1Mount("cpu").orElseThrow();
        assertEquals("/sys/fs/cgroup/cpu,cpuacct", cpu.mountPoint());
        assertEquals(List.of("cpu", "cpuacct"), cpu.controllers());
        assertEquals(cpu, mi.v1Mount("cpuacct").orElseThrow());
        assertEquals(List.of("net_cls", "net_prio"), mi.v1Mount("net_prio").orElseThrow().controllers());
        assertEquals(List.of("name=systemd"), mi.v1Mount("name=systemd").orElseThrow().controllers());
        assertEquals(List.of("cpuset"), mi.v1Mount("cpuset").orElseThrow().controllers(), "clone_children is an option");
        assertEquals(22, mi.v1Mount("blkio").orElseThrow().optionalFields().isEmpty() ? 0
                : Integer.parseInt(mi.v1Mount("blkio").orElseThrow().optionalFields().get(0).substring(7)));
        assertTrue(mi.mounts().get(4).isReadOnly(), "the tmpfs at /sys/fs/cgroup is ro");
    }

    @Test
    void pureV2() throws CgroupParseException {
        MountInfo mi = MountInfo.parse(Fixtures.read("pure-v2.mountinfo"));
        assertEquals(CgroupMode.UNIFIED, mi.mode("/sys/fs/cgroup").orElseThrow());
        assertEquals("/sys/fs/cgroup", mi.unifiedMount().orElseThrow().mountPoint());
        assertEquals("rw,nsdelegate,memory_recursiveprot", mi.unifiedMount().orElseThrow().superOptions());
        assertTrue(mi.v1Mount("memory").isEmpty());
    }

    @Test
    void mountRootNotSlashAndEscapes() throws CgroupParseException {
        MountInfo mi = MountInfo.parse(Fixtures.read("container-mountroot.mountinfo"));
        assertEquals(CgroupMode.HYBRID, mi.mode("/sys/fs/cgroup").orElseThrow());
        MountInfo.Mount mem = mi.v1Mount("memory").orElseThrow();
        assertEquals("/docker/4d8b3c0a5e9f", mem.root());
        assertTrue(mem.isReadOnly());
        assertEquals("/docker/4d8b3c0a5e9f", mi.unifiedMount().orElseThrow().root());
        MountInfo.Mount resolv = mi.mounts().get(mi.mounts().size() - 1);
        assertEquals("/etc/resolv conf", resolv.mountPoint(), "\\040 is a space");
    }

    @Test
    void onlyTheCgroup2AtRootUnifiedMakesAHybridHost() throws CgroupParseException {
        String v1 = "30 25 0:30 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory\n";
        String cilium = "40 21 0:40 / /run/cilium/cgroupv2 rw,relatime shared:20 - cgroup2 none rw\n";
        MountInfo mi = MountInfo.parse(v1 + cilium);
        assertEquals(CgroupMode.LEGACY, mi.mode("/sys/fs/cgroup").orElseThrow(), "Cilium's cgroup2 is not the host's");
        assertTrue(mi.hybridUnifiedMount("/sys/fs/cgroup").isEmpty());
        MountInfo hybrid = MountInfo.parse(v1 + cilium
                + "41 25 0:41 / /sys/fs/cgroup/unified rw,relatime shared:21 - cgroup2 cgroup2 rw\n");
        assertEquals(CgroupMode.HYBRID, hybrid.mode("/sys/fs/cgroup").orElseThrow());
        assertEquals("/sys/fs/cgroup/unified", hybrid.hybridUnifiedMount("/sys/fs/cgroup").orElseThrow().mountPoint());
    }

    @Test
    void noCgroupMounts() throws CgroupParseException {
        MountInfo mi = MountInfo.parse("26 0 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
        assertTrue(mi.mode("/sys/fs/cgroup").isEmpty());
        assertEquals(CgroupMode.LEGACY, MountInfo.parse(
                "30 28 0:26 / /cg/memory rw - cgroup cgroup rw,memory\n").mode("/cg").orElseThrow());
    }

    @Test
    void badLinesAreNamed() {
        CgroupParseException e = assertThrows(CgroupParseException.class,
                () -> MountInfo.parse("26 0 8:1 / / rw,relatime shared:1 ext4 /dev/sda1 rw\n"));
        assertTrue(e.getMessage().startsWith("parse mountinfo: bad line \"26 0 8:1"), e.getMessage());
        assertThrows(CgroupParseException.class, () -> MountInfo.parse("x 0 8:1 / / rw - ext4 /dev/sda1 rw"));
        assertThrows(CgroupParseException.class, () -> MountInfo.parse("1 0 81 / / rw - ext4 /dev/sda1 rw"));
        assertThrows(CgroupParseException.class, () -> MountInfo.parse("1 0 8:1 / / rw - ext4 /dev/sda1"));
    }

    @Test
    void unescape() {
        assertEquals("a b\\c\td", MountInfo.unescape("a\\040b\\134c\\011d"));
        assertEquals("\\9\\", MountInfo.unescape("\\9\\"));
        assertEquals("x\\04", MountInfo.unescape("x\\04"));
    }
}
