package io.github.cgroups4j;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A huge page limit ({@code hugetlb.<pageSize>.limit_in_bytes} on v1, {@code hugetlb.<pageSize>.max} on v2).
 *
 * @param pageSize the kernel's name of the page size: a number and {@code KB}, {@code MB} or {@code GB}, e.g.
 *     {@code 2MB}, {@code 1GB}, {@code 64KB}
 * @param limit the limit in bytes, {@code >= 0}
 */
public record HugepageLimit(String pageSize, long limit) {
    private static final Pattern SIZE = Pattern.compile("[1-9][0-9]{0,6}(KB|MB|GB)");

    /** Checks the fields. */
    public HugepageLimit {
        Objects.requireNonNull(pageSize, "pageSize");
        if (!SIZE.matcher(pageSize).matches()) {
            throw new IllegalArgumentException(
                    "hugetlbLimit pageSize: \"" + pageSize + "\" is not a size such as 2MB, 1GB or 64KB");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("hugetlbLimit " + pageSize + " limit: " + limit + " is negative");
        }
    }
}
