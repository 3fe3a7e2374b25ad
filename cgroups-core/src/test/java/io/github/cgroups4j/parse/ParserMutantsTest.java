package io.github.cgroups4j.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupMode;
import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.stats.PsiData;
import io.github.cgroups4j.stats.RdmaEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * [H] One assertion per mutant PIT left alive in the parsers: each boundary (the last accepted and first refused
 * value), each escape, each blank-line and end-of-text case the earlier tests did not reach. The mutants that remain
 * are equivalent (listed in the README's reliability section).
 */
class ParserMutantsTest {
    @Test
    void unsignedValuesNextToTheTopAreExact() throws Exception {
        assertEquals(9_223_372_036_854_775_800L, CgroupValues.parseUint("9223372036854775800"));
        assertEquals(9_223_372_036_854_775_806L, CgroupValues.parseUint("9223372036854775806"));
        assertEquals(Long.MAX_VALUE, CgroupValues.parseUint("9223372036854775807"));
        assertEquals(CgroupValues.MAX, CgroupValues.parseUint("9223372036854775808"));
    }

    @Test
    void signedValuesRefuseWhatIsNotDigitsWithThatMessage() throws Exception {
        for (String bad : List.of("-", "+5", "1a", "abc", "--1")) {
            CgroupParseException e = assertThrows(CgroupParseException.class, () -> CgroupValues.parseInt(bad), bad);
            assertTrue(e.getMessage().contains("a signed number or max"), bad + ": " + e.getMessage());
        }
        CgroupParseException big = assertThrows(CgroupParseException.class,
                () -> CgroupValues.parseInt("9223372036854775808"));
        assertTrue(big.getMessage().contains("a signed 64-bit number"), big.getMessage());
        assertEquals(-5, CgroupValues.parseInt("-5"));
    }

    @Test
    void cpuListsAtTheirBoundaries() throws Exception {
        assertEquals(CpuList.of(3), CpuList.parse("3-3"));
        assertEquals(13, CpuList.parse("0-12").size());
        assertEquals(List.of(10, 11, 12), java.util.Arrays.stream(CpuList.parse("10-12").toArray()).boxed().toList());
        assertEquals(CpuList.MAX_CPU + 1, CpuList.parse("0-" + CpuList.MAX_CPU).size());
        assertEquals(1, CpuList.of(0).size());
        assertEquals(1, CpuList.of(CpuList.MAX_CPU).size());
        assertThrows(IllegalArgumentException.class, () -> CpuList.of(-1));
        assertThrows(IllegalArgumentException.class, () -> CpuList.of(CpuList.MAX_CPU + 1));
        assertThrows(CgroupParseException.class, () -> CpuList.parse("0-" + (CpuList.MAX_CPU + 1)));
        assertThrows(CgroupParseException.class, () -> CpuList.parse("4-3"));
    }

    @Test
    void cpuListQueries() throws Exception {
        CpuList zero = CpuList.of(0);
        assertTrue(zero.contains(0));
        assertFalse(zero.contains(1));
        assertFalse(zero.contains(-1));
        assertTrue(CpuList.parse("0-3").containsAll(CpuList.of(1, 3)));
        assertFalse(CpuList.parse("0-3").containsAll(CpuList.of(5)));
        assertTrue(CpuList.empty().isEmpty());
        assertEquals("", CpuList.empty().toString());
        assertNotEquals(CpuList.of(1), CpuList.of(2));
        assertNotEquals(CpuList.of(1), "1");
        assertEquals(CpuList.parse("0-3").hashCode(), CpuList.of(0, 1, 2, 3).hashCode());
        assertNotEquals(CpuList.parse("0-3").hashCode(), CpuList.parse("4-7").hashCode());
    }

    @Test
    void mountInfoEscapesAtTheEdges() {
        assertEquals("a ", MountInfo.unescape("a\\040"));
        assertEquals("'", MountInfo.unescape("\\047"));
        assertEquals("\u00ff", MountInfo.unescape("\\377"));
        assertEquals("\\400", MountInfo.unescape("\\400"));
        assertEquals("\\089", MountInfo.unescape("\\089"));
        assertEquals("\\08", MountInfo.unescape("\\08"));
        assertEquals("\\04", MountInfo.unescape("\\04"));
        assertEquals("x\\", MountInfo.unescape("x\\"));
    }

    @Test
    void mountInfoFieldsAndModes() throws Exception {
        MountInfo.Mount m = MountInfo.parseLine(
                "35 24 0:31 / /sys/fs/cgroup/memory rw,nosuid shared:14 - cgroup cgroup rw,memory");
        assertEquals(35, m.id());
        assertEquals(24, m.parentId());
        assertEquals("/", m.root());
        assertEquals("rw,nosuid", m.mountOptions());
        assertEquals(List.of("shared:14"), m.optionalFields());
        assertEquals("cgroup", m.fsType());
        assertEquals("cgroup", m.source());
        assertEquals("rw,memory", m.superOptions());
        assertEquals(0, m.major());
        assertEquals(31, m.minor());
        assertFalse(m.isReadOnly());
        assertTrue(MountInfo.parseLine("35 24 0:31 / /x ro,nosuid - cgroup cgroup rw,memory").isReadOnly());
        CgroupParseException noMajor = assertThrows(CgroupParseException.class,
                () -> MountInfo.parseLine("35 24 :31 / /x rw - cgroup cgroup rw,memory"));
        assertTrue(noMajor.getMessage().contains("MAJ:MIN in the third field"), noMajor.getMessage());

        String v1 = "35 24 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
        String hybrid = "36 24 0:32 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n";
        String unified = "37 24 0:33 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
        String elsewhere = "38 24 0:34 / /mnt/c2 rw - cgroup2 cgroup2 rw\n";
        assertEquals(Optional.of(CgroupMode.LEGACY), MountInfo.parse(v1).mode("/sys/fs/cgroup"));
        assertEquals(Optional.of(CgroupMode.LEGACY), MountInfo.parse(elsewhere + v1).mode("/sys/fs/cgroup"));
        assertEquals(Optional.of(CgroupMode.HYBRID), MountInfo.parse(v1 + hybrid).mode("/sys/fs/cgroup"));
        assertEquals(Optional.of(CgroupMode.UNIFIED), MountInfo.parse(unified).mode("/sys/fs/cgroup"));
        assertEquals(Optional.of(CgroupMode.UNIFIED), MountInfo.parse(elsewhere).mode("/sys/fs/cgroup"));
        assertEquals(Optional.empty(), MountInfo.parse("").mode("/sys/fs/cgroup"));
    }

    @Test
    void linesAtTheirEdges() throws Exception {
        assertEquals(List.of("foo"), Lines.nonBlank("\nfoo"));
        assertEquals(List.of("a", "b"), Lines.nonBlank("a\n \nb\n"));
        assertEquals(List.of(), Lines.nonBlank(null));
        assertEquals(Integer.MAX_VALUE, Lines.nonNegativeInt("2147483647", "x", "l"));
        assertEquals(1_000_000_000, Lines.nonNegativeInt("1000000000", "x", "l"));
        assertThrows(CgroupParseException.class, () -> Lines.nonNegativeInt("2147483648", "x", "l"));
        assertThrows(CgroupParseException.class, () -> Lines.nonNegativeInt("10000000000", "x", "l"));
    }

    @Test
    void keyValueFilesWithBlankLinesAndTrailingBlanks() throws Exception {
        assertEquals(Map.of("k", 1L), KeyValueFile.parse("x", "\nk 1"));
        assertEquals(Map.of("a", 1L, "b", 2L), KeyValueFile.parse("x", "a 1\n\nb 2"));
        assertEquals(Map.of("a", 1L), KeyValueFile.parse("x", "a 1\n  \n"));
        assertEquals(Map.of("a", 1L), KeyValueFile.parse("x", "a 1 "));
        assertEquals(Map.of("a", 1L), KeyValueFile.parse("x", "a 1\t"));
        assertEquals(Map.of(), KeyValueFile.parse("x", null));
    }

    @Test
    void psiKeysAndDecimalWidths() throws Exception {
        CgroupParseException e = assertThrows(CgroupParseException.class,
                () -> Psi.parse("cpu.pressure", "some =1.00 avg60=0.00 avg300=0.00 total=0"));
        assertTrue(e.getMessage().contains("key=value fields"), e.getMessage());
        PsiData some = Psi.parse("cpu.pressure", "some avg10=12345678.125 avg60=0.00 avg300=0.00 total=7").some();
        assertEquals(12345678.125, some.avg10());
        assertEquals(7, some.total());
        assertThrows(CgroupParseException.class,
                () -> Psi.parse("cpu.pressure", "some avg10=123456789.125 avg60=0.00 avg300=0.00 total=7"));
    }

    @Test
    void hugePageSizeNamesAtTheirUnitBoundaries() {
        assertEquals(List.of(), HugePageSizes.fromDirectoryNames(List.of("hugepages-0kB")));
        assertEquals(List.of("1GB"), HugePageSizes.fromDirectoryNames(List.of("hugepages-1048576kB")));
        assertEquals(List.of("1023MB"), HugePageSizes.fromDirectoryNames(List.of("hugepages-1047552kB")));
        assertEquals(List.of("1MB"), HugePageSizes.fromDirectoryNames(List.of("hugepages-1024kB")));
        assertEquals(List.of("1023KB"), HugePageSizes.fromDirectoryNames(List.of("hugepages-1023kB")));
    }

    @Test
    void deviceFieldsWithoutAMajorNameTheDevice() {
        CgroupParseException e = assertThrows(CgroupParseException.class,
                () -> BlkioStatFile.parse("blkio.x", ":5 Read 1"));
        assertTrue(e.getMessage().contains("a device MAJ:MIN"), e.getMessage());
        CgroupParseException n = assertThrows(CgroupParseException.class,
                () -> NestedKeyedFile.parse("io.stat", "8:0 rbytes="));
        assertTrue(n.getMessage().endsWith("expected KEY SUB=VALUE ..."), n.getMessage());
    }

    @Test
    void procCgroupPathsKeepV1AndV2Apart() throws Exception {
        ProcCgroup pc = ProcCgroup.parse("4:memory:/m\n1:name=systemd:/s\n0::/u\n");
        assertEquals(Map.of("memory", "/m", "name=systemd", "/s", "", "/u"), pc.paths());
        assertEquals(Map.of("memory", "/m"), ProcCgroup.parse("4:memory:/m\n").paths());
    }

    @Test
    void rdmaMaxReadsAsUint32Max() throws Exception {
        assertEquals(List.of(new RdmaEntry("mlx4_0", 2, 0xFFFF_FFFFL)),
                RdmaFile.parse("rdma.max", "mlx4_0 hca_handle=2 hca_object=max\n"));
        assertEquals(List.of(), RdmaFile.parse("rdma.max", ""));
    }

    @Test
    void userNamespacesFromTheUidMap() {
        assertTrue(UserNamespace.inUserNamespace(""));
        assertFalse(UserNamespace.inUserNamespace("\n"));
        assertFalse(UserNamespace.inUserNamespace("x y z"));
        assertFalse(UserNamespace.inUserNamespace("0 0"));
        assertFalse(UserNamespace.inUserNamespace("         0          0 4294967295\n"));
        assertTrue(UserNamespace.inUserNamespace("0 1000 65536\n"));
    }
}
