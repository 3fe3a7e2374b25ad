package io.github.cgroups4j.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cgroups4j.CgroupConfig;
import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupManager;
import io.github.cgroups4j.Controller;
import io.github.cgroups4j.Limit;
import io.github.cgroups4j.Resources;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * [H] The CFS bandwidth round trip: a quota and a period set through either manager read back from the files the
 * kernel keeps ({@code cpu.max} on v2, {@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us} on v1) as they were given,
 * across the kernel's whole accepted range; a period alone keeps the quota and a quota alone keeps the period.
 */
class CpuMaxPropertiesTest {
    @Property(tries = 300)
    void quotaAndPeriodRoundTrip(@ForAll @LongRange(min = 1000, max = 1_000_000) long period,
            @ForAll @LongRange(min = 999, max = 100_000_000) long quotaOrUnlimited,
            @ForAll @LongRange(min = 1000, max = 1_000_000) long secondPeriod) throws CgroupException {
        Limit quota = quotaOrUnlimited < 1000 ? Limit.unlimited() : Limit.of(quotaOrUnlimited);
        String q = quota.isUnlimited() ? "max" : Long.toString(quota.value());
        for (boolean v2 : new boolean[] {false, true}) {
            FakeCgroupFs fs = v2 ? FakeCgroupFs.unified() : FakeCgroupFs.modernHybrid();
            fs.recordOperations(false);
            CgroupManager m = CgroupfsManagers.create(CgroupConfig.forPath("/cgroups4j-cpumax").build(), fs,
                    fs.procFs());
            m.apply(CgroupManager.NO_PID);
            m.set(Resources.builder().cpuQuota(quota).cpuPeriod(period).build());
            String dir = m.path(Controller.CPU);
            assertEquals(q + " " + period, read(fs, dir, v2));
            m.set(Resources.builder().cpuPeriod(secondPeriod).build());
            assertEquals(q + " " + secondPeriod, read(fs, dir, v2), "a period alone keeps the quota");
            m.set(Resources.builder().cpuQuota(Limit.of(5000)).build());
            assertEquals("5000 " + secondPeriod, read(fs, dir, v2), "a quota alone keeps the period");
            m.destroy();
        }
    }

    private static String read(FakeCgroupFs fs, String dir, boolean v2) throws CgroupException {
        if (v2) {
            return fs.read(dir, "cpu.max").strip();
        }
        long quota = Long.parseLong(fs.read(dir, "cpu.cfs_quota_us").strip());
        return (quota == -1 ? "max" : Long.toString(quota)) + " " + fs.read(dir, "cpu.cfs_period_us").strip();
    }
}
