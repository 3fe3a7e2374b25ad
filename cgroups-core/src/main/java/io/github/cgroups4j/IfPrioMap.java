package io.github.cgroups4j;

import java.util.Objects;

/**
 * One entry of {@code net_prio.ifpriomap}.
 *
 * @param interfaceName a network interface name
 * @param priority its priority, {@code >= 0}
 */
public record IfPrioMap(String interfaceName, long priority) {
    /** Checks the fields. */
    public IfPrioMap {
        Objects.requireNonNull(interfaceName, "interfaceName");
        if (interfaceName.isEmpty() || interfaceName.length() > 15 || !interfaceName.matches("[^\\s/:]+")) {
            throw new IllegalArgumentException("netPrioIfpriomap interface: \"" + interfaceName + "\" is not an interface name");
        }
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("netPrioIfpriomap " + interfaceName + " priority: " + priority + " is out of range");
        }
    }

    /** @return {@code "eth0 5"} as the file takes it */
    public String toV1() {
        return interfaceName + " " + priority;
    }
}
