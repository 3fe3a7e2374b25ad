package io.github.cgroups4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.kernel.KmemPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class KmemGateExampleTest {
    @Test
    void refusesOldKernelsAndAllowsFrom43() {
        List<String> lines = KmemGateExample.decisions(KmemPolicy.GATED);
        assertEquals(KmemGateExample.FLEET.size(), lines.size());
        for (String line : lines) {
            boolean old = line.startsWith("3.10") || line.startsWith("4.2.8");
            assertTrue(line.contains(old ? " refuse " : " enable "), line);
        }
        assertTrue(KmemGateExample.decisions(KmemPolicy.DISABLED).stream().allMatch(l -> l.contains(" refuse ")));
        KmemGateExample.main(new String[0]);
    }
}
