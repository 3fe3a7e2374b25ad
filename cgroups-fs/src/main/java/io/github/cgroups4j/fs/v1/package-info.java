/**
 * The cgroup v1 manager, {@link io.github.cgroups4j.fs.v1.FsManager}: runc's {@code fs} manager with the kmem
 * patch, one package-private class per controller.
 */
package io.github.cgroups4j.fs.v1;
