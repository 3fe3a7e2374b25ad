package io.github.cgroups4j.fs.devices;

import io.github.cgroups4j.CgroupParseException;
import io.github.cgroups4j.DeviceRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A model of the kernel's v1 devices cgroup (runc's {@code devices.Emulator}): a default (allow-all or deny-all)
 * and exceptions. Loaded from {@code devices.list}, built from requested rules, and able to compute the minimal
 * {@code devices.allow}/{@code devices.deny} writes from one state to another.
 */
public final class DeviceEmulator {
    /** A device identity: type and numbers (-1 for {@code *}). */
    public record Meta(char type, long major, long minor) implements Comparable<Meta> {
        /** By type, then major, then minor (-1, {@code *}, first). */
        @Override
        public int compareTo(Meta o) {
            int c = Character.compare(type, o.type);
            if (c == 0) {
                c = Long.compare(major, o.major);
            }
            return c != 0 ? c : Long.compare(minor, o.minor);
        }
    }

    private boolean defaultAllow;
    private final TreeMap<Meta, String> rules = new TreeMap<>();

    /** @return a deny-all emulator (a white-list), what an empty rule list means */
    public static DeviceEmulator whiteList() {
        return new DeviceEmulator();
    }

    /** @return whether the default is allow-all (the exceptions deny) */
    public boolean isBlackList() {
        return defaultAllow;
    }

    /** @return the exceptions to the default: device to its permissions (a subset of {@code rwm}) */
    public Map<Meta, String> rules() {
        return rules;
    }

    /** Builds the state that applying {@code rules} in order to a deny-all cgroup gives. */
    public static DeviceEmulator of(List<DeviceRule> rules) throws DeviceRuleException {
        DeviceEmulator e = new DeviceEmulator();
        for (DeviceRule r : rules) {
            e.apply(r);
        }
        return e;
    }

    /** Reads {@code devices.list}: "a *:* rwm" means allow-all; otherwise each line is an allowed exception. */
    public static DeviceEmulator fromList(String list) throws CgroupParseException {
        DeviceEmulator e = new DeviceEmulator();
        for (String line : list.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            DeviceRule r = parse(line.strip());
            try {
                e.apply(r);
            } catch (DeviceRuleException x) {
                throw new CgroupParseException("devices.list", line, "rules the kernel could have listed");
            }
        }
        return e;
    }

    static DeviceRule parse(String line) throws CgroupParseException {
        String[] f = line.split(" ");
        if (f.length != 3 || f[0].length() != 1) {
            throw new CgroupParseException("devices.list", line, "TYPE MAJOR:MINOR ACCESS");
        }
        int colon = f[1].indexOf(':');
        if (colon <= 0) {
            throw new CgroupParseException("devices.list", line, "TYPE MAJOR:MINOR ACCESS");
        }
        try {
            return DeviceRule.allow(f[0].charAt(0), num(f[1].substring(0, colon)), num(f[1].substring(colon + 1)),
                    f[2]);
        } catch (IllegalArgumentException e) {
            throw new CgroupParseException("devices.list", line, "TYPE MAJOR:MINOR ACCESS");
        }
    }

    private static long num(String s) {
        return s.equals("*") ? DeviceRule.WILDCARD : Long.parseLong(s);
    }

    private static boolean isAll(DeviceRule r) {
        return r.type() == 'a';
    }

    public void apply(DeviceRule r) throws DeviceRuleException {
        if (isAll(r)) {
            defaultAllow = r.allow();
            rules.clear();
            return;
        }
        // in an allow-all cgroup an allow removes a deny exception; in a deny-all one it adds an allow exception
        if (r.allow() == defaultAllow) {
            remove(r);
        } else {
            add(r);
        }
    }

    private void add(DeviceRule r) {
        Meta m = new Meta(r.type(), r.major(), r.minor());
        rules.merge(m, r.permissions(), DeviceEmulator::union);
    }

    private void remove(DeviceRule r) throws DeviceRuleException {
        Meta m = new Meta(r.type(), r.major(), r.minor());
        // the kernel silently ignores removing part of a wildcard exception: refuse rather than mislead
        for (Meta partial : List.of(new Meta(r.type(), DeviceRule.WILDCARD, r.minor()),
                new Meta(r.type(), r.major(), DeviceRule.WILDCARD),
                new Meta(r.type(), DeviceRule.WILDCARD, DeviceRule.WILDCARD))) {
            if (partial.equals(m)) {
                continue;
            }
            String perms = rules.get(partial);
            if (perms != null && !intersection(perms, r.permissions()).isEmpty()) {
                throw new DeviceRuleException("device rule \"" + r.toV1() + "\" is not supported by the v1 devices "
                        + "cgroup: it would punch a hole in the wildcard exception " + partial);
            }
        }
        String left = difference(rules.getOrDefault(m, ""), r.permissions());
        if (left.isEmpty()) {
            rules.remove(m);
        } else {
            rules.put(m, left);
        }
    }

    /** The minimal rules that take a cgroup in this state to {@code target}. */
    public List<DeviceRule> transition(DeviceEmulator target) {
        List<DeviceRule> out = new ArrayList<>();
        Map<Meta, String> old = rules;
        // a black-list's deny rules cannot be read back from devices.list: start from a clean slate
        if (isBlackList() || defaultAllow != target.defaultAllow) {
            out.add(new DeviceRule('a', DeviceRule.WILDCARD, DeviceRule.WILDCARD, "rwm", target.defaultAllow));
            old = Map.of();
        }
        for (Map.Entry<Meta, String> e : old.entrySet()) { // the rules (sorted) or none
            String dropped = difference(e.getValue(), target.rules.getOrDefault(e.getKey(), ""));
            if (!dropped.isEmpty()) {
                out.add(rule(e.getKey(), dropped, target.defaultAllow));
            }
        }
        for (Map.Entry<Meta, String> e : target.rules.entrySet()) {
            String gained = difference(e.getValue(), old.getOrDefault(e.getKey(), ""));
            if (!gained.isEmpty()) {
                out.add(rule(e.getKey(), gained, !target.defaultAllow));
            }
        }
        return out;
    }

    private static DeviceRule rule(Meta m, String perms, boolean allow) {
        return new DeviceRule(m.type(), m.major(), m.minor(), perms, allow);
    }

    /** Every subset of {@code rwm} in canonical order, by its mask (r 1, w 2, m 4). */
    private static final String[] PERMISSIONS = {"", "r", "w", "rw", "m", "rm", "wm", "rwm"};

    /** The mask of a permission string; characters other than {@code r}, {@code w} and {@code m} count for nothing. */
    private static int mask(String s) {
        int m = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            m |= c == 'r' ? 1 : c == 'w' ? 2 : c == 'm' ? 4 : 0;
        }
        return m;
    }

    static String union(String a, String b) {
        return PERMISSIONS[mask(a) | mask(b)];
    }

    static String difference(String a, String b) {
        return PERMISSIONS[mask(a) & ~mask(b)];
    }

    static String intersection(String a, String b) {
        return PERMISSIONS[mask(a) & mask(b)];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceEmulator e && e.defaultAllow == defaultAllow && e.rules.equals(rules);
    }

    @Override
    public int hashCode() {
        return Objects.hash(defaultAllow, rules);
    }

    @Override
    public String toString() {
        return (defaultAllow ? "allow-all" : "deny-all") + " " + rules;
    }

    /** A rule set the v1 devices cgroup cannot express. */
    public static final class DeviceRuleException extends Exception {
        private static final long serialVersionUID = 1L;

        DeviceRuleException(String message) {
            super(message);
        }
    }
}
