package io.github.cgroups4j.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.stats.BlkioStatEntry;
import io.github.cgroups4j.stats.PageUsageByNuma;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatFilesTest {

    @Test
    void blkioRecursiveFiles() throws CgroupParseException {
        List<BlkioStatEntry> e = BlkioStatFile.parse("blkio.io_service_bytes_recursive",
                "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:0 Async 12288\n8:0 Discard 0\n8:0 Total 12288\nTotal 12288\n");
        assertEquals(6, e.size());
        assertEquals(new BlkioStatEntry(8, 0, "Write", 8192), e.get(1));
        assertEquals(List.of(new BlkioStatEntry(8, 16, "", 123)), BlkioStatFile.parse("blkio.time_recursive", "8:16 123\n"));
        assertEquals(List.of(), BlkioStatFile.parse("blkio.throttle.io_serviced", "Total 0\n"));
        assertThrows(CgroupParseException.class, () -> BlkioStatFile.parse("f", "8:0 Read 1 2\n"));
        assertThrows(CgroupParseException.class, () -> BlkioStatFile.parse("f", "80 Read 1\n"));
    }

    @Test
    void numaStat() throws CgroupParseException {
        PageUsageByNuma n = NumaStat.parse("total=44611 N0=32631 N1=7501 N2=1982 N3=2497\nfile=44428 N0=32614 N1=7335\n"
                + "anon=183 N0=17 N1=166\nunevictable=0 N0=0 N1=0\nhierarchical_total=768133 N0=509113 N1=138887\n"
                + "some_new_kind=1 N0=1\n");
        assertEquals(44611, n.total().total());
        assertEquals(Map.of(0, 32631L, 1, 7501L, 2, 1982L, 3, 2497L), n.total().nodes());
        assertEquals(166L, n.anon().nodes().get(1));
        assertEquals(768133, n.hierarchicalTotal().total());
        assertEquals(0, n.hierarchicalFile().total());
        assertThrows(CgroupParseException.class, () -> NumaStat.parse("total=1 X0=1\n"));
        assertEquals(7, NumaStat.parse("total\nnuma_locality 0 0 0 0 0 0 0 0 0 0\nnuma_exectime 0\ntotal=7 N0=7\n")
                .total().total(), "custom kernels' lines without '=' are skipped, as runc does");
        assertEquals(3, NumaStat.parse("odd_kind=x N0=y\ntotal=3 N0=3\n").total().total(),
                "an unknown kind is skipped without parsing its fields");
    }

    @Test
    void uintLists() throws CgroupParseException {
        assertEquals(List.of(1L, 22L, 333L), CgroupValues.parseUintList("1 22 333 \n"));
        assertEquals(List.of(), CgroupValues.parseUintList("\n"));
        assertThrows(CgroupParseException.class, () -> CgroupValues.parseUintList("1 x"));
    }
}
