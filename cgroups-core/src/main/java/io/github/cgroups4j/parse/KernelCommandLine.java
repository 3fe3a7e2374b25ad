package io.github.cgroups4j.parse;

/** What cgroups4j reads of the kernel's command line ({@code /proc/cmdline}). */
public final class KernelCommandLine {
    private KernelCommandLine() {
    }

    /**
     * Whether the kernel was booted with {@code cgroup.memory=nokmem}: no kernel-memory accounting in any memory
     * cgroup, v1 or v2, whatever is written to {@code memory.kmem.limit_in_bytes}. The parameter takes a
     * comma-separated list ({@code cgroup.memory=nosocket,nokmem}); the kernel reads each occurrence, so any one
     * naming {@code nokmem} counts.
     *
     * @param cmdline the content of {@code /proc/cmdline}
     * @return whether kernel-memory accounting is switched off for the whole system
     */
    public static boolean noKmem(String cmdline) {
        for (String word : Lines.fields(cmdline.replace('\n', ' '))) {
            if (word.startsWith("cgroup.memory=")) {
                for (String option : word.substring("cgroup.memory=".length()).split(",")) {
                    if (option.equals("nokmem")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
