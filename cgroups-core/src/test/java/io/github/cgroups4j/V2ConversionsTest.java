package io.github.cgroups4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class V2ConversionsTest {
    @Test
    void cpuSharesToWeightFitsMinimumDefaultAndMaximum() {
        assertEquals(1, V2Conversions.cpuWeightOfShares(2));
        assertEquals(100, V2Conversions.cpuWeightOfShares(1024), "the default maps to the default");
        assertEquals(10_000, V2Conversions.cpuWeightOfShares(262_144));
        assertEquals(1, V2Conversions.cpuWeightOfShares(1));
        assertEquals(10_000, V2Conversions.cpuWeightOfShares(1_000_000));
        long previous = 0;
        for (long s = 2; s <= 262_144; s += 97) {
            long w = V2Conversions.cpuWeightOfShares(s);
            assertEquals(true, w >= previous && w >= 1 && w <= 10_000, s + " -> " + w);
            previous = w;
        }
    }

    @Test
    void blkioWeightToIoWeight() {
        assertEquals(1, V2Conversions.ioWeightOfBlkioWeight(10));
        assertEquals(10_000, V2Conversions.ioWeightOfBlkioWeight(1000));
        assertEquals(5_000, V2Conversions.ioWeightOfBlkioWeight(505));
    }

    @Test
    void memorySwapToSwapMaxAsOpencontainers() {
        assertEquals(-1, V2Conversions.swapOfMemorySwap(0, -1), "unlimited memory, swap unset: swap unlimited");
        assertEquals(-1, V2Conversions.swapOfMemorySwap(-1, 64));
        assertEquals(0, V2Conversions.swapOfMemorySwap(0, 64), "not set");
        assertEquals(64, V2Conversions.swapOfMemorySwap(128, 64));
        assertEquals(0, V2Conversions.swapOfMemorySwap(64, 64), "memory == memory+swap: no swap");
        assertEquals(500, V2Conversions.swapOfMemorySwap(500, -1));
        assertThrows(IllegalArgumentException.class, () -> V2Conversions.swapOfMemorySwap(128, 0));
        assertThrows(IllegalArgumentException.class, () -> V2Conversions.swapOfMemorySwap(32, 64));
    }
}
