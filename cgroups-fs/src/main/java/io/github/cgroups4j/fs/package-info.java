/**
 * The real cgroup file systems: {@link io.github.cgroups4j.fs.NativeCgroupFs} (errno-precise, beneath the mounts),
 * {@link io.github.cgroups4j.fs.LinuxProcFs}, and the {@code fs} backend.
 */
package io.github.cgroups4j.fs;
