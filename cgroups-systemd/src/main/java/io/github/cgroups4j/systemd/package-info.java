/**
 * The systemd driver: {@link io.github.cgroups4j.systemd.SystemdManager} (backend {@code systemd}), unit names
 * ({@link io.github.cgroups4j.systemd.SystemdNames}) and availability ({@link io.github.cgroups4j.systemd.Systemd}).
 */
package io.github.cgroups4j.systemd;
