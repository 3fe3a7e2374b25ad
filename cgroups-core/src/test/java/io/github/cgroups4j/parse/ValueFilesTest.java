package io.github.cgroups4j.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.stats.PsiData;
import io.github.cgroups4j.stats.PsiStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueFilesTest {

    @Test
    void singleValues() throws CgroupParseException {
        assertEquals(123, CgroupValues.parseUint("123\n"));
        assertEquals(CgroupValues.MAX, CgroupValues.parseUint("max\n"));
        assertEquals(CgroupValues.MAX, CgroupValues.parseUint("18446744073709551615"), "u64 max saturates");
        assertEquals(9223372036854771712L, CgroupValues.parseUint("9223372036854771712\n"), "v1 unlimited memory");
        assertEquals(0, CgroupValues.parseUint("-4096"), "negative clamps to 0 as runc");
        assertEquals(-1, CgroupValues.parseInt("-1\n"), "cfs_quota_us unlimited");
        assertEquals(CgroupValues.MAX, CgroupValues.parseInt("max"));
        for (String bad : new String[] {"", "-", "1.5", "0x10", "12 34", "184467440737095516150", "maxx"}) {
            assertThrows(CgroupParseException.class, () -> CgroupValues.parseUint(bad), bad);
        }
        for (String bad : new String[] {"", "-", "9223372036854775808", "1e3"}) {
            assertThrows(CgroupParseException.class, () -> CgroupValues.parseInt(bad), bad);
        }
    }

    @Test
    void flatKeyedMemoryStatFromThisHostShape() throws CgroupParseException {
        String stat = "cache 9506816\nrss 2895872\nrss_huge 0\nhierarchical_memory_limit 9223372036854771712\n"
                + "total_inactive_file 1\nsome_future_key 7\n";
        Map<String, Long> m = KeyValueFile.parse("memory.stat", stat);
        assertEquals(9506816L, m.get("cache"));
        assertEquals(9223372036854771712L, m.get("hierarchical_memory_limit"));
        assertEquals(7L, m.get("some_future_key"), "unknown keys are kept");
        assertEquals(6, m.size());
        assertEquals(2895872L, KeyValueFile.valueOf("memory.stat", stat, "rss"));
        assertEquals(0L, KeyValueFile.valueOf("memory.stat", stat, "absent"));
        Map<String, Long> oom = KeyValueFile.parse("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
        assertEquals(3L, oom.get("oom_kill"));
        CgroupParseException e = assertThrows(CgroupParseException.class,
                () -> KeyValueFile.parse("cpu.stat", "nr_periods 1 2\n"));
        assertTrue(e.getMessage().contains("cpu.stat") && e.getMessage().contains("nr_periods 1 2"), e.getMessage());
        assertThrows(CgroupParseException.class, () -> KeyValueFile.parse("cpu.stat", "nr_periods abc\n"));
    }

    @Test
    void nestedKeyedIoStatAndRdma() throws CgroupParseException {
        Map<String, Map<String, Long>> io = NestedKeyedFile.parse("io.stat",
                "8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0\n"
                        + "8:0 rbytes=90430464 wbytes=299008000 rios=8950 wios=1252 dbytes=50331648 dios=3021\n");
        assertEquals(314773504L, io.get("8:16").get("wbytes"));
        assertEquals(3021L, io.get("8:0").get("dios"));
        Map<String, Map<String, Long>> rdma = NestedKeyedFile.parse("rdma.max",
                "mlx4_0 hca_handle=2 hca_object=2000\nocrdma1 hca_handle=3 hca_object=max\n");
        assertEquals(CgroupValues.MAX, rdma.get("ocrdma1").get("hca_object"));
        assertTrue(NestedKeyedFile.parse("io.stat", "8:0\n").get("8:0").isEmpty());
        assertThrows(CgroupParseException.class, () -> NestedKeyedFile.parse("io.stat", "8:0 rbytes\n"));
        assertThrows(CgroupParseException.class, () -> NestedKeyedFile.parse("io.stat", "8:0 =1\n"));
        assertThrows(CgroupParseException.class, () -> NestedKeyedFile.parse("io.stat", "8:0 rbytes=x\n"));
    }

    @Test
    void psi() throws CgroupParseException {
        PsiStats p = Psi.parse("cpu.pressure", "some avg10=1.50 avg60=0.25 avg300=0.00 total=123456\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        assertEquals(new PsiData(1.5, 0.25, 0, 123456), p.some());
        assertEquals(PsiData.ZERO, p.full());
        PsiStats someOnly = Psi.parse("cpu.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=9 newkey=1\n");
        assertEquals(9, someOnly.some().total());
        assertEquals(PsiData.ZERO, someOnly.full());
        assertThrows(CgroupParseException.class, () -> Psi.parse("cpu.pressure", "half avg10=0\n"));
        assertThrows(CgroupParseException.class, () -> Psi.parse("cpu.pressure", "some avg10=abc\n"));
        assertThrows(CgroupParseException.class, () -> Psi.parse("cpu.pressure", "some avg10\n"));
    }

    @Test
    void cpuLists() throws CgroupParseException {
        assertEquals("0-3,7", CpuList.parse("0-3,7\n").toString());
        assertEquals("0-3", CpuList.parse("0,1,2,3").toString());
        assertEquals("", CpuList.parse("\n").toString());
        assertTrue(CpuList.parse("").isEmpty());
        assertEquals(5, CpuList.parse("0-3,7").size());
        assertTrue(CpuList.parse("0-3,7").contains(7));
        assertTrue(CpuList.parse("0-7").containsAll(CpuList.parse("2-3")));
        for (String bad : new String[] {"3-1", "0,", ",0", "0--1", "a", "0-", "-1", "8192", "0 1", "1,,2"}) {
            assertThrows(CgroupParseException.class, () -> CpuList.parse(bad), bad);
        }
        assertEquals(CpuList.MAX_CPU, CpuList.parse("8191").toArray()[0]);
    }
}
