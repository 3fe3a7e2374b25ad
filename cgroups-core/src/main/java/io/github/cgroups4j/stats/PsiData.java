package io.github.cgroups4j.stats;

/**
 * One line of a pressure stall file.
 *
 * @param avg10 share of time stalled over 10 s, in percent
 * @param avg60 over 60 s
 * @param avg300 over 300 s
 * @param total total stall time in microseconds
 */
public record PsiData(double avg10, double avg60, double avg300, long total) {
    /** No pressure. */
    public static final PsiData ZERO = new PsiData(0, 0, 0, 0);
}
