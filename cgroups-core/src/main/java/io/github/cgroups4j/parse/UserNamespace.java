package io.github.cgroups4j.parse;

import java.util.List;

/** Whether a process runs in a user namespace, from its {@code uid_map}: runc's {@code userns.RunningInUserNS}. */
public final class UserNamespace {
    private UserNamespace() {
    }

    /**
     * As runc: an empty map (a namespace whose map is not written yet) is a user namespace; the first line
     * {@code 0 0 4294967295} is the initial namespace; a first line that does not hold three numbers counts as the
     * initial namespace; any other map is a user namespace.
     *
     * @param uidMap the content of {@code /proc/self/uid_map}
     * @return whether it is a user namespace
     */
    public static boolean inUserNamespace(String uidMap) {
        if (uidMap.isEmpty()) {
            return true;
        }
        List<String> lines = Lines.nonBlank(uidMap);
        if (lines.isEmpty()) {
            return false;
        }
        List<String> f = Lines.fields(lines.get(0));
        if (f.size() < 3) {
            return false;
        }
        long[] v = new long[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Long.parseLong(f.get(i));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return !(v[0] == 0 && v[1] == 0 && v[2] == 4294967295L);
    }
}
