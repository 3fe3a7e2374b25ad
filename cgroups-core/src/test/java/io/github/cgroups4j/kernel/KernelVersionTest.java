package io.github.cgroups4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.spi.ProcFs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KernelVersionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "3.10.0-514.10.2.el7.x86_64 | 3 | 10 | 0  | -514.10.2.el7.x86_64",
        "3.10.0-1160.el7.x86_64     | 3 | 10 | 0  | -1160.el7.x86_64",
        "4.3                        | 4 | 3  | 0  | ''",
        "4.3.0-rc1                  | 4 | 3  | 0  | -rc1",
        "4.4.0-210-generic          | 4 | 4  | 0  | -210-generic",
        "5.15.0-1034-azure          | 5 | 15 | 0  | -1034-azure",
        "6.18.44-fc-v595            | 6 | 18 | 44 | -fc-v595",
        "6.1.0-28-amd64             | 6 | 1  | 0  | -28-amd64",
        "5.10.0+                    | 5 | 10 | 0  | +",
        "4.19.112_1.0.0             | 4 | 19 | 112 | _1.0.0",
    })
    void parsesRealReleases(String release, int major, int minor, int patch, String suffix) {
        KernelVersion v = KernelVersion.parse(release);
        assertEquals(new KernelVersion(major, minor, patch, suffix), v);
        assertEquals(release.contains(".") && release.split("\\.").length == 2 ? release + ".0" : release, v.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "4", "4.", "4.x", "-1.2", "v5.4", "5.4 extra words", "99999.1",
        "4..3", "\u0000", "5.4.0-rc1\n6.0"})
    void garbageIsAnExplicitFailure(String release) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelVersion.parse(release));
        assertTrue(e.getMessage().contains("not a kernel release"), e.getMessage());
        assertTrue(KernelVersion.tryParse(release).isEmpty());
    }

    @Test
    void rcIsAtLeastItsVersionAsTheKernelsVersionCodeSays() {
        KernelVersion rc = KernelVersion.parse("4.3.0-rc1");
        assertTrue(rc.isAtLeast(4, 3));
        assertTrue(rc.isReleaseCandidate());
        assertTrue(rc.compareTo(KernelVersion.parse("4.3")) < 0, "rc1 sorts before the release");
        assertTrue(KernelVersion.parse("4.3.0-rc1").compareTo(KernelVersion.parse("4.3.0-rc2")) < 0);
        assertFalse(KernelVersion.parse("4.2.8").isAtLeast(4, 3));
    }

    @Test
    void ordersNumericallyNotAsText() {
        List<KernelVersion> vs = new ArrayList<>();
        for (String s : new String[] {"6.18.44-fc-v595", "3.10.0-1160.el7.x86_64", "4.10", "4.9.5", "4.3.0-rc1",
            "4.3", "3.10.0-514.10.2.el7.x86_64"}) {
            vs.add(KernelVersion.parse(s));
        }
        Collections.sort(vs);
        assertEquals("[3.10.0-1160.el7.x86_64, 3.10.0-514.10.2.el7.x86_64, 4.3.0-rc1, 4.3.0, 4.9.5, 4.10.0, "
                + "6.18.44-fc-v595]", vs.toString());
    }

    @Test
    void knowsEl7() {
        assertTrue(KernelVersion.parse("3.10.0-693.el7.x86_64").isEl7());
        assertFalse(KernelVersion.parse("3.10.0-generic").isEl7());
        assertFalse(KernelVersion.parse("4.18.0-553.el8_10.x86_64").isEl7());
    }

    private static ProcFs release(String text) {
        return new ProcFs() {
            @Override
            public String mountInfo() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String cgroup(long pid) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String status(long pid) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String cgroups() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String kernelRelease() {
                return text;
            }
        };
    }

    @Test
    void detectPrefersOsVersionAndFallsBackToProc() throws CgroupException {
        assertEquals(KernelVersion.parse("5.4.0"), KernelVersion.detect("5.4.0", release("6.1.0\n")));
        assertEquals(KernelVersion.parse("6.1.0-28-amd64"), KernelVersion.detect(null, release("6.1.0-28-amd64\n")));
        assertEquals(KernelVersion.parse("6.1.0"), KernelVersion.detect("unknown", release("6.1.0\n")));
        CgroupException e = assertThrows(CgroupException.class, () -> KernelVersion.detect(null, release("???\n")));
        assertTrue(e.getMessage().contains("/proc/sys/kernel/osrelease"), e.getMessage());
    }

    @Test
    void currentReadsTheRunningKernel() throws CgroupException {
        KernelVersion v = KernelVersion.current(release("not used"));
        assertEquals(KernelVersion.parse(System.getProperty("os.version")), v);
    }
}
