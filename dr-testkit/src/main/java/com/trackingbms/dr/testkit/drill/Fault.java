package com.trackingbms.dr.testkit.drill;

import com.trackingbms.dr.testkit.fault.NetworkFault;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import java.util.Objects;

/** A fault a drill injects at its chosen moment: a crash, a hang, a partition, or any action. */
public interface Fault {

    /** What the fault does, for the report ("kill -9 of primary"). */
    String name();

    /** Injects the fault now. */
    void inject() throws Exception;

    /** An action that may throw. */
    @FunctionalInterface
    interface Action {
        /** Runs the action. */
        void run() throws Exception;
    }

    /** Any action, under a name. */
    static Fault of(String name, Action action) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        return new Fault() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void inject() throws Exception {
                action.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** SIGKILL of a server and its backends: a crash of the host. */
    static Fault kill9(PostgresServer server) {
        Objects.requireNonNull(server, "server");
        return of("kill -9 of " + server.name(), server::kill9);
    }

    /** SIGSTOP of a server and its backends: it hangs, connections are accepted and nothing answers. */
    static Fault pause(PostgresServer server) {
        Objects.requireNonNull(server, "server");
        return of("SIGSTOP of " + server.name(), server::pause);
    }

    /** A network partition at {@code link}: connections are accepted, nothing is forwarded or answered. */
    static Fault partition(NetworkFault link) {
        Objects.requireNonNull(link, "link");
        return of("network partition at " + link, link::blackHole);
    }

    /** Every connection through {@code link} reset: the host answers, the service is gone. */
    static Fault reset(NetworkFault link) {
        Objects.requireNonNull(link, "link");
        return of("connections reset at " + link, link::drop);
    }
}
