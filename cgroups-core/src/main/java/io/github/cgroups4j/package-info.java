/**
 * cgroups4j: a Java port of runc's libcontainer cgroup manager.
 *
 * <p>Start at {@link io.github.cgroups4j.CgroupManagers#create(io.github.cgroups4j.CgroupConfig)}: a
 * {@link io.github.cgroups4j.CgroupConfig} (which cgroup, which {@link io.github.cgroups4j.Resources}, which
 * kernel-memory policy) goes in, a {@link io.github.cgroups4j.CgroupManager} comes out. Every failure is a
 * {@link io.github.cgroups4j.CgroupException} carrying the errno, the cgroup, the file and the value written.
 */
package io.github.cgroups4j;
