package io.github.cgroups4j.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.systemd.internal.SystemdBus;
import io.github.cgroups4j.systemd.internal.UnitProperty;
import io.github.cgroups4j.testkit.FakeCgroupFs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The job handling of runc's startUnit/stopUnit, with opencontainers/cgroups' reset-and-retry on UnitExists. */
class UnitsTest {
    private final FakeSystemd systemd = new FakeSystemd(FakeCgroupFs.unified(), true);
    private final Units units = new Units(systemd, Duration.ofSeconds(5));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"252|252", "v245.4-1.fc32|245", "245-1.fc32|245", "\"249.11\"|249",
        "nothing|-1"})
    void versionsAsRunc(String text, int version) {
        assertEquals(version, Units.parseVersion(text));
    }

    @Test
    void theVersionIsReadOnce() {
        systemd.version = "v253";
        assertEquals(253, units.version());
        systemd.version = "254";
        assertEquals(253, units.version());
        assertEquals(1, systemd.calls.stream().filter(c -> c.unit().equals("Version")).count());
    }

    @Test
    void aUnitThatExistsIsResetAndTriedOnceMore() throws Exception {
        systemd.unitExistsAnswers = 1; // a failed leftover that ResetFailedUnit clears
        assertTrue(units.start("x.scope", List.of(), false));
        assertEquals(List.of("StartTransientUnit x.scope", "ResetFailedUnit x.scope", "StartTransientUnit x.scope"),
                systemd.methods());
    }

    @Test
    void aUnitThatStillExistsIsNotTakenOver() {
        systemd.unitExistsAnswers = 2;
        SystemdException e = assertThrows(SystemdException.class, () -> units.start("x.scope", List.of(), false));
        assertTrue(e.isDbusError(SystemdException.UNIT_EXISTS));
        assertTrue(e.getMessage().contains("not this manager's to take over"), e.getMessage());
    }

    @Test
    void aUnitThatMustBeNewIsRefusedFailedOrNotAndNotReset() {
        systemd.unitExistsAnswers = 1; // would be cleared by ResetFailedUnit: a failed unit of someone's
        SystemdException e = assertThrows(SystemdException.class,
                () -> units.start("x.slice", List.of(), Units.Existing.REFUSE));
        assertTrue(e.isDbusError(SystemdException.UNIT_EXISTS));
        assertEquals(List.of("StartTransientUnit x.slice"), systemd.methods(), "no reset, no second start");
    }

    @Test
    void withoutAPidAnExistingUnitIsFine() throws Exception {
        systemd.unitExistsAnswers = 1;
        assertFalse(units.start("kubepods.slice", List.of(), true));
        assertEquals(List.of("StartTransientUnit kubepods.slice"), systemd.methods());
    }

    @Test
    void aJobThatDoesNotEndDoneFailsAndResetsTheUnit() {
        systemd.jobResults.add("failed");
        SystemdException e = assertThrows(SystemdException.class, () -> units.start("x.scope", List.of(), false));
        assertTrue(e.getMessage().contains("\"failed\""), e.getMessage());
        assertEquals("ResetFailedUnit x.scope", systemd.methods().get(systemd.methods().size() - 1));
    }

    @Test
    void aJobThatNeverEndsTimesOut() {
        List<String> calls = new ArrayList<>();
        SystemdBus silent = new SystemdBus() {
            @Override
            public String managerProperty(String property) {
                return "252";
            }

            @Override
            public CompletableFuture<String> startTransientUnit(String unit, List<UnitProperty> properties) {
                calls.add("start");
                return new CompletableFuture<>();
            }

            @Override
            public CompletableFuture<String> stopUnit(String unit) {
                calls.add("stop");
                return new CompletableFuture<>();
            }

            @Override
            public void resetFailedUnit(String unit) {
                calls.add("reset");
            }

            @Override
            public void setUnitProperties(String unit, List<UnitProperty> properties) {
            }

            @Override
            public Optional<Object> unitProperty(String unit, String iface, String property) {
                return Optional.empty();
            }

            @Override
            public String loadState(String unit) {
                return "not-found inactive";
            }

            @Override
            public void close() {
            }
        };
        Units slow = new Units(silent, Duration.ofMillis(50));
        SystemdException e = assertThrows(SystemdException.class, () -> slow.start("x.scope", List.of(), false));
        assertTrue(e.getMessage().contains("did not create the unit"), e.getMessage());
        assertTrue(e instanceof Units.StartTimeout, "the manager stops the unit after moving its process back");
        assertEquals(List.of("start", "reset"), calls);
        CgroupException s = assertThrows(CgroupException.class, () -> slow.stop("x.scope"));
        assertTrue(s.getMessage().contains("did not stop the unit"), s.getMessage());
    }

    @Test
    void stoppingAUnitThatIsNotLoadedIsDone() throws Exception {
        units.stop("gone.scope");
        assertEquals(List.of("StopUnit gone.scope"), systemd.methods());
        units.start("x.scope", List.of(), false);
        units.stop("x.scope");
        assertEquals(List.of("StopUnit gone.scope", "StartTransientUnit x.scope", "StopUnit x.scope",
                "ResetFailedUnit x.scope"), systemd.methods());
    }
}
