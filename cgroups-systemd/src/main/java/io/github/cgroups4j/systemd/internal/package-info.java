/**
 * The D-Bus side of the systemd driver: dbus-java bindings for {@code org.freedesktop.systemd1.Manager}, the
 * connection (with its job tracking and reconnects), and the pure mapping from {@code Resources} to unit
 * properties. Not an API: no type from here, nor from dbus-java, appears in a public signature outside it.
 */
package io.github.cgroups4j.systemd.internal;
