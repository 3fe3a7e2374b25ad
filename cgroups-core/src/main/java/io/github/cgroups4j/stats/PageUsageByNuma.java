package io.github.cgroups4j.stats;

/**
 * {@code memory.numa_stat} (v1), runc's {@code PageUsageByNUMA}.
 *
 * @param total {@code total=}
 * @param file {@code file=}
 * @param anon {@code anon=}
 * @param unevictable {@code unevictable=}
 * @param hierarchicalTotal {@code hierarchical_total=}
 * @param hierarchicalFile {@code hierarchical_file=}
 * @param hierarchicalAnon {@code hierarchical_anon=}
 * @param hierarchicalUnevictable {@code hierarchical_unevictable=}
 */
public record PageUsageByNuma(NumaPages total, NumaPages file, NumaPages anon, NumaPages unevictable,
        NumaPages hierarchicalTotal, NumaPages hierarchicalFile, NumaPages hierarchicalAnon,
        NumaPages hierarchicalUnevictable) {
    /** Nothing read. */
    public static final PageUsageByNuma EMPTY = new PageUsageByNuma(NumaPages.ZERO, NumaPages.ZERO, NumaPages.ZERO,
            NumaPages.ZERO, NumaPages.ZERO, NumaPages.ZERO, NumaPages.ZERO, NumaPages.ZERO);
}
