package io.github.cgroups4j.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The huge page sizes of a kernel, in the names its hugetlb controller uses ({@code 2MB}, {@code 1GB},
 * {@code 64KB}), from the entries of {@code /sys/kernel/mm/hugepages}: runc's {@code HugePageSizes}.
 */
public final class HugePageSizes {
    private HugePageSizes() {
    }

    /**
     * Entries that are not {@code hugepages-<n>kB} are skipped, as runc does.
     *
     * @param entries directory entries such as {@code hugepages-2048kB}
     * @return the page size names, in the order given
     */
    public static List<String> fromDirectoryNames(List<String> entries) {
        List<String> out = new ArrayList<>();
        for (String e : entries) {
            if (!e.startsWith("hugepages-") || !e.endsWith("kB")) {
                continue;
            }
            String digits = e.substring("hugepages-".length(), e.length() - 2);
            long kb;
            try {
                kb = Long.parseLong(digits);
            } catch (NumberFormatException x) {
                continue;
            }
            if (kb <= 0 || !digits.chars().allMatch(Character::isDigit)) {
                continue;
            }
            // the kernel's hugetlb_cgroup names: GB, MB or KB, whichever divides first from the top
            out.add(kb >= 1L << 20 ? (kb >> 20) + "GB" : kb >= 1L << 10 ? (kb >> 10) + "MB" : kb + "KB");
        }
        return List.copyOf(out);
    }
}
