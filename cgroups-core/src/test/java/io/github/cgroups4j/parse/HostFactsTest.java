package io.github.cgroups4j.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostFactsTest {
    @Test
    void hugePageSizesAreNamedAsTheHugetlbController() {
        assertEquals(List.of("2MB", "1GB", "64KB", "32MB", "16GB"), HugePageSizes.fromDirectoryNames(List.of(
                "hugepages-2048kB", "hugepages-1048576kB", "hugepages-64kB", "hugepages-32768kB",
                "hugepages-16777216kB")));
        assertEquals(List.of("2MB"), HugePageSizes.fromDirectoryNames(List.of("README", "hugepages-xkB",
                "hugepages-2048MB", "hugepages--4kB", "hugepages-2048kB")), "odd entries are skipped, as runc");
        assertEquals(List.of(), HugePageSizes.fromDirectoryNames(List.of()));
    }

    @Test
    void userNamespaceFromUidMapAsRunc() {
        assertFalse(UserNamespace.inUserNamespace("         0          0 4294967295\n"));
        assertTrue(UserNamespace.inUserNamespace("         0     100000      65536\n"));
        assertTrue(UserNamespace.inUserNamespace("0 0 1000\n"));
        assertTrue(UserNamespace.inUserNamespace(""), "an unwritten map is a user namespace");
        assertFalse(UserNamespace.inUserNamespace("garbage\n"), "unparsable: the initial namespace, as runc");
    }

    @Test
    void noKmemFromTheKernelCommandLine() {
        assertTrue(KernelCommandLine.noKmem("BOOT_IMAGE=/vmlinuz ro cgroup.memory=nokmem quiet\n"));
        assertTrue(KernelCommandLine.noKmem("ro cgroup.memory=nosocket,nokmem\n"), "one of a list");
        assertTrue(KernelCommandLine.noKmem("ro\tcgroup.memory=nosocket cgroup.memory=nokmem"), "any occurrence");
        assertFalse(KernelCommandLine.noKmem("ro cgroup.memory=nosocket quiet\n"));
        assertFalse(KernelCommandLine.noKmem("ro nokmem cgroup_disable=memory\n"), "only cgroup.memory's option");
        assertFalse(KernelCommandLine.noKmem("ro cgroup.memory=nokmemx xcgroup.memory=nokmem\n"));
        assertFalse(KernelCommandLine.noKmem(""));
        assertFalse(KernelCommandLine.noKmem("ro quiet -- cgroup.memory=nokmem\n"), "after --: init's arguments");
    }
}
