package io.github.cgroups4j.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcFilesTest {

    @Test
    void thisHostProcSelfCgroup() throws CgroupParseException {
        ProcCgroup pc = ProcCgroup.parse(Fixtures.read("this-host.cgroup"));
        assertTrue(pc.v1Path("memory").orElseThrow().startsWith("/"));
        assertEquals("/", pc.v1Path("cpu").orElseThrow());
        assertEquals("/", pc.unifiedPath().orElseThrow());
        assertTrue(pc.paths().containsKey("name=systemd"));
        assertTrue(pc.paths().containsKey(""));
        assertTrue(pc.v1Path("hugetlb").isEmpty());
    }

    @Test
    void classicHostCoMountedAndV2Line() throws CgroupParseException {
        ProcCgroup pc = ProcCgroup.parse(Fixtures.read("classic-hybrid.cgroup"));
        assertEquals("/user.slice", pc.v1Path("cpuacct").orElseThrow());
        assertEquals("/user.slice", pc.v1Path("cpu").orElseThrow());
        assertEquals(List.of("net_cls", "net_prio"), pc.entries().get(9).controllers());
        assertEquals("/user.slice/user-1000.slice/session-2.scope", pc.unifiedPath().orElseThrow());
        assertEquals(13, pc.entries().size());
    }

    @Test
    void pureV2AndMountRootContainer() throws CgroupParseException {
        ProcCgroup v2 = ProcCgroup.parse(Fixtures.read("pure-v2.cgroup"));
        assertEquals(1, v2.entries().size());
        assertTrue(v2.unifiedPath().orElseThrow().endsWith("vte-spawn-3c1d.scope"));
        assertTrue(v2.v1Path("memory").isEmpty());
        ProcCgroup c = ProcCgroup.parse(Fixtures.read("container-mountroot.cgroup"));
        assertEquals("/docker/4d8b3c0a5e9f", c.v1Path("memory").orElseThrow());
    }

    @Test
    void pathWithColonStaysWhole() throws CgroupParseException {
        ProcCgroup pc = ProcCgroup.parse("0::/system.slice/a:b.scope\n");
        assertEquals("/system.slice/a:b.scope", pc.unifiedPath().orElseThrow());
    }

    @Test
    void badProcCgroupLines() {
        assertThrows(CgroupParseException.class, () -> ProcCgroup.parse("4:memory\n"));
        assertThrows(CgroupParseException.class, () -> ProcCgroup.parse("x:memory:/\n"));
        assertThrows(CgroupParseException.class, () -> ProcCgroup.parse("4:memory:relative\n"));
    }

    @Test
    void procCgroups() throws CgroupParseException {
        ProcCgroups here = ProcCgroups.parse(Fixtures.read("this-host.proc-cgroups"));
        assertTrue(here.row("memory").orElseThrow().enabled());
        assertEquals(0, here.row("hugetlb").orElseThrow().hierarchy());
        ProcCgroups centos = ProcCgroups.parse(Fixtures.read("centos7.proc-cgroups"));
        assertEquals(65436, centos.row("memory").orElseThrow().numCgroups());
        assertEquals(12, centos.rows().size());
        assertFalse(ProcCgroups.parse("#subsys_name\thierarchy\tnum_cgroups\tenabled\nrdma 0 1 0\n")
                .row("rdma").orElseThrow().enabled());
        assertThrows(CgroupParseException.class, () -> ProcCgroups.parse("memory 4 10\n"));
        assertThrows(CgroupParseException.class, () -> ProcCgroups.parse("memory 4 10 2\n"));
    }
}
