package io.github.cgroups4j.systemd.internal;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.CgroupException.Operation;
import io.github.cgroups4j.systemd.SystemdException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.exceptions.NotConnected;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.systemd1.NoSuchUnit;
import org.freedesktop.systemd1.UnitExists;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's manager over a real D-Bus connection (dbus-java, JDK unix sockets). The connection is made on first use
 * and made again when it breaks (a restarted bus or systemd): a call that fails because the connection is gone is
 * retried on a new one, up to four times with 100, 200 and 400 ms between (runc's {@code retryOnDisconnect}, bounded).
 * Jobs are tracked as go-systemd does: the {@code JobRemoved} handler and the call that queues a job take one lock, so
 * a job that ends before its path is known is not missed.
 */
public final class DbusBus implements SystemdBus {
    private static final Logger LOG = LoggerFactory.getLogger(DbusBus.class);
    private static final String DEST = "org.freedesktop.systemd1";
    private static final String PATH = "/org/freedesktop/systemd1";
    private static final String MANAGER = "org.freedesktop.systemd1.Manager";
    private static final int ATTEMPTS = 4;

    /** Which bus: the system bus, the caller's user (session) bus, or an address. */
    private final String address;
    private final boolean user;
    private final Object connLock = new Object();
    private DBusConnection conn;
    private ManagerBus manager;
    private final Object jobsLock = new Object();
    private final Map<String, CompletableFuture<String>> jobs = new HashMap<>();

    private DbusBus(String address, boolean user) {
        this.address = address;
        this.user = user;
    }

    /** @return the system bus (or {@code DBUS_SYSTEM_BUS_ADDRESS}) */
    public static DbusBus system() {
        return new DbusBus(null, false);
    }

    /** @return the caller's user bus (rootless cgroup v2) */
    public static DbusBus user() {
        return new DbusBus(null, true);
    }

    /** @param address a D-Bus address, e.g. {@code unix:path=/run/dbus/system_bus_socket} @return that bus */
    public static DbusBus at(String address) {
        return new DbusBus(address, false);
    }

    /** @return where this bus is, for messages */
    public String describe() {
        return address != null ? address : user ? "the user bus" : "the system bus";
    }

    private interface Call<T> {
        T run(ManagerBus m, DBusConnection c) throws DBusException;
    }

    /** The connection and its proxy, taken together (a reconnect between the two would pair them wrongly). */
    private record Connected(DBusConnection conn, ManagerBus manager) {
    }

    /** The user's bus: {@code DBUS_SESSION_BUS_ADDRESS}, else {@code $XDG_RUNTIME_DIR/bus} (as runc's user.go). */
    private static DBusConnectionBuilder userBus() {
        String env = System.getenv("DBUS_SESSION_BUS_ADDRESS");
        if (env != null && !env.isEmpty()) {
            return DBusConnectionBuilder.forAddress(env);
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isEmpty()) {
            return DBusConnectionBuilder.forAddress("unix:path=" + runtime + "/bus");
        }
        return DBusConnectionBuilder.forSessionBus();
    }

    private Connected connected() throws DBusException {
        synchronized (connLock) {
            if (conn == null || !conn.isConnected()) {
                dropLocked();
                DBusConnectionBuilder b = address != null ? DBusConnectionBuilder.forAddress(address)
                        : user ? userBus() : DBusConnectionBuilder.forSystemBus();
                DBusConnection c = b.withShared(false).build();
                try {
                    c.addSigHandler(ManagerBus.JobRemoved.class, this::jobRemoved);
                    manager = c.getRemoteObject(DEST, PATH, ManagerBus.class);
                } catch (DBusException | RuntimeException e) {
                    closeQuietly(c);
                    throw e;
                }
                conn = c;
            }
            return new Connected(conn, manager);
        }
    }

    private void jobRemoved(ManagerBus.JobRemoved signal) {
        CompletableFuture<String> f;
        synchronized (jobsLock) {
            f = jobs.remove(signal.job());
        }
        if (f != null) {
            f.complete(signal.result());
        }
    }

    /** Drops a broken connection; jobs waiting on it fail. */
    private void drop(DBusConnection broken) {
        synchronized (connLock) {
            if (conn == broken) {
                dropLocked();
            }
        }
    }

    private void dropLocked() {
        if (conn != null) {
            closeQuietly(conn);
            conn = null;
            manager = null;
        }
        List<CompletableFuture<String>> waiting;
        synchronized (jobsLock) {
            waiting = new ArrayList<>(jobs.values());
            jobs.clear();
        }
        waiting.forEach(f -> f.completeExceptionally(new IllegalStateException("the D-Bus connection was lost "
                + "while waiting for the job")));
    }

    private static void closeQuietly(DBusConnection c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing the D-Bus connection: {}", e.toString());
        }
    }

    /**
     * Whether the call failed because the connection was already closed, so the request never left (runc retries only
     * on {@code dbus.ErrClosed} too): only then is a call, such as StartTransientUnit, safe to send again.
     */
    private static boolean notSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NotConnected || t instanceof DBusExecutionException && t.getMessage() != null
                    && t.getMessage().contains("Disconnected")) {
                return true;
            }
        }
        return false;
    }

    private <T> T call(Operation op, String unit, String method, Call<T> call) throws CgroupException {
        long delay = 100;
        for (int attempt = 1;; attempt++) {
            Connected c;
            try {
                c = connected();
            } catch (DBusException | DBusExecutionException e) {
                // nothing was sent: connecting again is safe (a bus being restarted refuses for a moment)
                if (attempt >= ATTEMPTS) {
                    throw new SystemdException(op, unit, method, null, "cannot connect to systemd on " + describe()
                            + ": " + e.getMessage(), e);
                }
                sleep(delay);
                delay *= 2;
                continue;
            }
            try {
                return call.run(c.manager(), c.conn());
            } catch (UnitExists e) {
                throw new SystemdException(op, unit, method, SystemdException.UNIT_EXISTS, "systemd: "
                        + e.getMessage(), e);
            } catch (NoSuchUnit e) {
                throw new SystemdException(op, unit, method, SystemdException.NO_SUCH_UNIT, "systemd: "
                        + e.getMessage(), e);
            } catch (DBusException | DBusExecutionException e) {
                boolean retry = notSent(e) && attempt < ATTEMPTS;
                if (!c.conn().isConnected()) {
                    drop(c.conn()); // the next call makes a new connection
                }
                if (!retry) {
                    String type = e instanceof DBusExecutionException x ? x.getType() : null;
                    throw new SystemdException(op, unit, method, type, "systemd: " + e.getMessage(), e);
                }
                LOG.debug("{} {}: the D-Bus connection was closed ({}); reconnecting", method, unit, e.toString());
                drop(c.conn());
                sleep(delay);
                delay *= 2;
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String managerProperty(String property) throws CgroupException {
        return call(Operation.CHECK, "systemd", "Get " + property, (m, c) -> {
            Properties p = c.getRemoteObject(DEST, PATH, Properties.class);
            Object v = p.Get(MANAGER, property);
            return String.valueOf(v);
        });
    }

    private CompletableFuture<String> queue(Operation op, String unit, String method,
            Call<DBusPath> queueJob) throws CgroupException {
        return call(op, unit, method, (m, c) -> {
            synchronized (jobsLock) {
                DBusPath job = queueJob.run(m, c);
                CompletableFuture<String> f = new CompletableFuture<>();
                jobs.put(job.getPath(), f);
                return f;
            }
        });
    }

    @Override
    public CompletableFuture<String> startTransientUnit(String unit, List<UnitProperty> properties)
            throws CgroupException {
        return queue(Operation.APPLY, unit, "StartTransientUnit",
                (m, c) -> m.startTransientUnit(unit, "replace", properties, List.of()));
    }

    @Override
    public CompletableFuture<String> stopUnit(String unit) throws CgroupException {
        return queue(Operation.DESTROY, unit, "StopUnit", (m, c) -> m.stopUnit(unit, "replace"));
    }

    @Override
    public void resetFailedUnit(String unit) throws CgroupException {
        call(Operation.APPLY, unit, "ResetFailedUnit", (m, c) -> {
            m.resetFailedUnit(unit);
            return null;
        });
    }

    @Override
    public void setUnitProperties(String unit, List<UnitProperty> properties) throws CgroupException {
        call(Operation.SET, unit, "SetUnitProperties", (m, c) -> {
            m.setUnitProperties(unit, true, properties);
            return null;
        });
    }

    @Override
    public Optional<Object> unitProperty(String unit, String iface, String property) throws CgroupException {
        try {
            return call(Operation.READ, unit, "Get " + property, (m, c) -> {
                DBusPath path = m.getUnit(unit);
                Properties p = c.getRemoteObject(DEST, path.getPath(), Properties.class);
                return Optional.ofNullable(p.Get(iface, property));
            });
        } catch (SystemdException e) {
            if (e.isDbusError(SystemdException.NO_SUCH_UNIT)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String loadState(String unit) throws CgroupException {
        return call(Operation.CHECK, unit, "LoadUnit", (m, c) -> {
            DBusPath path = m.loadUnit(unit);
            Properties p = c.getRemoteObject(DEST, path.getPath(), Properties.class);
            return p.Get("org.freedesktop.systemd1.Unit", "LoadState") + " "
                    + p.Get("org.freedesktop.systemd1.Unit", "ActiveState");
        });
    }

    @Override
    public void close() {
        synchronized (connLock) {
            dropLocked();
        }
    }
}
