/**
 * Classes named after systemd's D-Bus errors, so dbus-java can raise them by name. Internal to cgroups-systemd.
 */
package org.freedesktop.systemd1;
