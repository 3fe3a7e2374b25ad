package io.github.cgroups4j.testkit;

import static io.github.cgroups4j.testkit.FileKit.integer;
import static io.github.cgroups4j.testkit.FileKit.ro;
import static io.github.cgroups4j.testkit.FileKit.roValue;
import static io.github.cgroups4j.testkit.FileKit.value;

import java.util.List;
import java.util.Map;

/** The v2 hugetlb controller's files, for each huge page size of the profile. */
final class V2Hugetlb implements V2Controller {
    private final KernelProfile p;

    V2Hugetlb(KernelProfile profile) {
        this.p = profile;
    }

    @Override
    public String name() {
        return "hugetlb";
    }

    @Override
    public void populate(Node n) {
        Map<String, FakeFile> f = n.files;
        for (String size : p.hugePageSizes()) {
            for (String lim : List.of("hugetlb." + size + ".max", "hugetlb." + size + ".rsvd.max")) {
                f.put(lim, value(lim, s -> s.equals("max") ? s : Long.toString(integer(s, 0, Long.MAX_VALUE))));
                n.values.put(lim, "max");
            }
            for (String stat : List.of("hugetlb." + size + ".current", "hugetlb." + size + ".rsvd.current")) {
                f.put(stat, roValue(stat));
                n.values.put(stat, "0\n");
            }
            f.put("hugetlb." + size + ".events", ro(x -> "max 0\n"));
        }
    }
}
