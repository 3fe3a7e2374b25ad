/**
 * Device rules as the kernel keeps them: the v1 devices cgroup's emulator (minimal transitions) and the cgroup v2
 * eBPF device program compiled from the same rules. Internal to cgroups-fs; not a stable API.
 */
package io.github.cgroups4j.fs.devices;
