/**
 * The kernel-version gate: {@link io.github.cgroups4j.kernel.KernelVersion} and
 * {@link io.github.cgroups4j.kernel.KmemGate}, the one place that decides whether kernel-memory accounting is
 * enabled (only when {@code kernelMemory} is set and non-zero, on cgroup v1, on kernels from 4.3 on).
 */
package io.github.cgroups4j.kernel;
