package io.github.cgroups4j.parse;

/** What cgroups4j reads of the kernel's command line ({@code /proc/cmdline}). */
public final class KernelCommandLine {
    private KernelCommandLine() {
    }

    /**
     * Whether the kernel's command line asks for {@code cgroup.memory=nokmem}: no kernel-memory accounting in any
     * memory cgroup, v1 or v2. Kernels that know the option honour it (mainline since 2016, el7 from 3.10.0-1062);
     * an older one ignores it. The parameter takes a comma-separated list ({@code cgroup.memory=nosocket,nokmem});
     * the kernel reads each occurrence, so any one naming {@code nokmem} counts. Words after {@code --} are init's.
     *
     * @param cmdline the content of {@code /proc/cmdline}
     * @return whether the command line asks for it
     */
    public static boolean noKmem(String cmdline) {
        for (String word : Lines.fields(cmdline.replace('\n', ' '))) {
            if (word.equals("--")) {
                break;
            }
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
