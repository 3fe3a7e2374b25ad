/**
 * The seams: {@link io.github.cgroups4j.spi.CgroupFs} (every cgroupfs access), {@link io.github.cgroups4j.spi.ProcFs}
 * (every procfs read) and {@link io.github.cgroups4j.spi.CgroupBackend} (how backends plug in).
 */
package io.github.cgroups4j.spi;
