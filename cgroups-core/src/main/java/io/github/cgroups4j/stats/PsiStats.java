package io.github.cgroups4j.stats;

/**
 * A pressure stall file ({@code cpu.pressure}, {@code memory.pressure}, {@code io.pressure}).
 *
 * @param some some tasks stalled
 * @param full all non-idle tasks stalled ({@link PsiData#ZERO} where the file has no {@code full} line)
 */
public record PsiStats(PsiData some, PsiData full) {
}
