package io.github.cgroups4j.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.kernel.KernelVersion;
import io.github.cgroups4j.stats.PageUsageByNuma;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any input: a value or a CgroupParseException, never an unchecked exception. */
class ParserPropertiesTest {

    @FunctionalInterface
    interface Parser {
        Object parse(String s) throws CgroupParseException;
    }

    private static void neverUnchecked(Parser p, String input) {
        try {
            p.parse(input);
        } catch (CgroupParseException expected) {
            // a clear, checked refusal
        }
    }

    /** Strings drawn from the characters these files are made of, so that many inputs get deep into a parser. */
    @Provide
    Arbitrary<String> fileLike() {
        Arbitrary<String> structured = Arbitraries.strings().withChars("0123456789 \t\n:,-=/\\.#max_abcrw")
                .ofMaxLength(200);
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(200));
    }

    @Property(tries = 3000)
    void mountInfo(@ForAll("fileLike") String s) {
        neverUnchecked(MountInfo::parse, s);
        neverUnchecked(MountInfo::parse, "1 2 0:3 / /sys/fs/cgroup rw " + s);
    }

    @Property(tries = 3000)
    void procFiles(@ForAll("fileLike") String s) {
        neverUnchecked(ProcCgroup::parse, s);
        neverUnchecked(ProcCgroups::parse, s);
    }

    @Property(tries = 3000)
    void valueFiles(@ForAll("fileLike") String s) {
        neverUnchecked(t -> KeyValueFile.parse("f", t), s);
        neverUnchecked(t -> NestedKeyedFile.parse("f", t), s);
        neverUnchecked(t -> Psi.parse("f", t), s);
        neverUnchecked(t -> Psi.parse("f", "some " + t), s);
        neverUnchecked(CgroupValues::parseUint, s);
        neverUnchecked(CgroupValues::parseInt, s);
        neverUnchecked(CpuList::parse, s);
        neverUnchecked(t -> BlkioStatFile.parse("f", t), s);
        neverUnchecked(NumaStat::parse, s);
        neverUnchecked(CgroupValues::parseUintList, s);
        neverUnchecked(t -> RdmaFile.parse("f", t), s);
        KernelVersion.tryParse(s);
        UserNamespace.inUserNamespace(s);
        HugePageSizes.fromDirectoryNames(java.util.Arrays.asList(s.split("\n")));
    }

    @Property(tries = 2000)
    void cpuWeightOfSharesIsMonotonicAndInRange(@ForAll @net.jqwik.api.constraints.LongRange(min = 2,
            max = 262_143) long shares) {
        long w = io.github.cgroups4j.V2Conversions.cpuWeightOfShares(shares);
        long next = io.github.cgroups4j.V2Conversions.cpuWeightOfShares(shares + 1);
        org.junit.jupiter.api.Assertions.assertTrue(w >= 1 && w <= 10_000 && next >= w, shares + " -> " + w);
    }

    @Property(tries = 2000)
    void swapConversionKeepsTheSum(@ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 1L << 50) long memory,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 1L << 50) long swap) {
        org.junit.jupiter.api.Assertions.assertEquals(swap, io.github.cgroups4j.V2Conversions.swapOfMemorySwap(
                memory + swap, memory), "memory+swap minus memory is swap");
    }

    @Property(tries = 1000)
    void cpuListRoundTrips(@ForAll("cpuSets") Set<Integer> cpus) throws CgroupParseException {
        CpuList l = CpuList.of(cpus.stream().mapToInt(Integer::intValue).toArray());
        assertEquals(l, CpuList.parse(l.toString()));
        assertEquals(cpus.size(), l.size());
    }

    @Provide
    Arbitrary<Set<Integer>> cpuSets() {
        return Arbitraries.integers().between(0, 300).set().ofMaxSize(64);
    }

    /** The byte parser (the real cgroupfs's readUint) answers exactly as the String one: value or the same error. */
    @Property(tries = 3000)
    void uintFromBytesIsUintFromTheString(@ForAll("uintTexts") String text) {
        byte[] raw = (text + "\u0000junk").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int length = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertEquals(outcome(() -> CgroupValues.parseUint(text)), outcome(() -> CgroupValues.parseUint(raw, length)),
                text);
    }

    /** A parse's answer: its value, or its error's message. */
    private interface Parse {
        Object run() throws CgroupParseException;
    }

    private static Object outcome(Parse p) {
        try {
            return p.run();
        } catch (CgroupParseException e) {
            return e.getMessage();
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> uintTexts() {
        net.jqwik.api.Arbitrary<String> blanks = net.jqwik.api.Arbitraries.of("", " ", "\n", "\t", " \n", "\u00a0",
                "\u2003");
        net.jqwik.api.Arbitrary<String> core = net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.longs().map(v -> Long.toString(v)),
                net.jqwik.api.Arbitraries.of("max", "MAX", "-", "", "18446744073709551615", "99999999999999999999999",
                        "-0", "1 2", "0x10", "\u0661\u0662"),
                net.jqwik.api.Arbitraries.strings().ofMaxLength(6));
        return net.jqwik.api.Combinators.combine(blanks, core, blanks).as((a, c, b) -> a + c + b);
    }

    /** memory.numa_stat's one-pass reader answers as the line-and-field reader: same pages, or the same error. */
    @Property(tries = 3000)
    void numaStatScanIsTheLineReading(@ForAll("numaTexts") String text) {
        assertEquals(outcome(() -> NumaStat.parseByLines(text)), outcome(() -> NumaStat.parse(text)), text);
    }

    /** Well-formed files take the one-pass path (it answers, not the fallback), with the line reader's answer. */
    @Property(tries = 1000)
    void wellFormedNumaStatIsReadInOnePass(@ForAll("wellFormedNumaTexts") String text) throws CgroupParseException {
        PageUsageByNuma scanned = NumaStat.scan(text);
        org.junit.jupiter.api.Assertions.assertNotNull(scanned, text);
        assertEquals(NumaStat.parseByLines(text), scanned, text);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> wellFormedNumaTexts() {
        net.jqwik.api.Arbitrary<String> line = net.jqwik.api.Combinators.combine(
                net.jqwik.api.Arbitraries.longs().between(0, Long.MAX_VALUE),
                net.jqwik.api.Arbitraries.longs().between(0, 1L << 40).list().ofMaxSize(4))
                .as((total, nodes) -> {
                    StringBuilder b = new StringBuilder("=").append(total);
                    for (int n = 0; n < nodes.size(); n++) {
                        b.append(" N").append(n).append('=').append(nodes.get(n));
                    }
                    return b.toString();
                });
        return net.jqwik.api.Arbitraries.subsetOf("total", "file", "anon", "unevictable", "hierarchical_total",
                "hierarchical_file", "hierarchical_anon", "hierarchical_unevictable")
                .flatMap(kinds -> line.list().ofSize(kinds.size()).map(lines -> {
                    StringBuilder b = new StringBuilder();
                    int i = 0;
                    for (String k : kinds) {
                        b.append(k).append(lines.get(i++)).append('\n');
                    }
                    return b.toString();
                }));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> numaTexts() {
        net.jqwik.api.Arbitrary<String> kind = net.jqwik.api.Arbitraries.of("total", "file", "anon", "unevictable",
                "hierarchical_total", "hierarchical_file", "hierarchical_anon", "hierarchical_unevictable",
                "numa_locality", "x");
        net.jqwik.api.Arbitrary<String> value = net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.longs().between(0, Long.MAX_VALUE).map(v -> Long.toString(v)),
                net.jqwik.api.Arbitraries.of("max", "-3", "", "a", "18446744073709551616"));
        net.jqwik.api.Arbitrary<String> node = net.jqwik.api.Combinators.combine(
                net.jqwik.api.Arbitraries.of("N0", "N1", "N01", "N", "M0", "N1234567890", "N2"), value,
                net.jqwik.api.Arbitraries.of("=", "=", "=", ":")).as((n, v, eq) -> n + eq + v);
        net.jqwik.api.Arbitrary<String> line = net.jqwik.api.Combinators.combine(kind, value,
                node.list().ofMaxSize(3), net.jqwik.api.Arbitraries.of(" ", " ", "  ", "\t"),
                net.jqwik.api.Arbitraries.of("", "", " ")).as((k, v, nodes, sep, lead) ->
                        lead + k + "=" + v + (nodes.isEmpty() ? "" : sep + String.join(sep, nodes)));
        return net.jqwik.api.Combinators.combine(line.list().ofMaxSize(9), net.jqwik.api.Arbitraries.of("\n", "\n\n",
                "\r\n")).as((lines, nl) -> String.join(nl, lines) + nl);
    }

    @Property(tries = 1000)
    void uintRoundTrips(@ForAll long v) throws CgroupParseException {
        assertEquals(v < 0 ? 0 : v, CgroupValues.parseUint(Long.toString(v)));
        assertEquals(v, CgroupValues.parseInt(Long.toString(v)));
    }
}
