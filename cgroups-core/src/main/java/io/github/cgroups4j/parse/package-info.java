/**
 * Pure parsers of procfs and cgroupfs files: a {@code String} in, a value out. They never throw an unchecked
 * exception on any input: text without the kernel's format is a {@link io.github.cgroups4j.CgroupParseException}
 * quoting the offending line. Unknown keys and extra fields are tolerated, never parsed positionally.
 */
package io.github.cgroups4j.parse;
