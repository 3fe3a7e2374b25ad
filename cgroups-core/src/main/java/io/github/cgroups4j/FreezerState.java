package io.github.cgroups4j;

/** The state of a cgroup's freezer, as runc's {@code configs.FreezerState}. */
public enum FreezerState {
    /** No freezer controller, or the state could not be told. */
    UNDEFINED(""),
    /** Every task in the cgroup is frozen. */
    FROZEN("FROZEN"),
    /** Tasks run normally. */
    THAWED("THAWED");

    private final String v1;

    FreezerState(String v1) {
        this.v1 = v1;
    }

    /** @return the word cgroup v1's {@code freezer.state} uses; empty for {@link #UNDEFINED} */
    public String v1Name() {
        return v1;
    }
}
