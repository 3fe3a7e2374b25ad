/**
 * Memory events, pushed by the kernel rather than polled: OOM kills, usage thresholds, memory pressure and PSI
 * triggers, as {@link io.github.cgroups4j.events.MemoryEvent} records, delivered to a listener until the
 * {@link io.github.cgroups4j.events.EventSubscription} is closed or the cgroup goes. Start one with
 * {@link io.github.cgroups4j.CgroupManager#events(EventRequest, java.util.concurrent.Executor,
 * java.util.function.Consumer)}.
 */
package io.github.cgroups4j.events;
