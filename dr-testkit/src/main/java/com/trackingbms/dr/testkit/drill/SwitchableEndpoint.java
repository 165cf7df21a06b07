package com.trackingbms.dr.testkit.drill;

import com.trackingbms.dr.spi.TrafficRouter;
import com.trackingbms.dr.spi.TrafficTarget;
import com.trackingbms.dr.testkit.fault.NetworkFault;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A real {@link TrafficRouter} for drills: a TCP proxy on 127.0.0.1 that clients use instead of the server, whose
 * {@link #routeTo} moves the upstream to another site (its traffic target is {@code host:port}) and resets the open
 * connections, as a load balancer does when it deregisters a target. Clients behind it follow a reroute the way
 * they would behind DNS or a load balancer: they reconnect and land on the new primary.
 *
 * <pre>{@code
 * try (SwitchableEndpoint db = SwitchableEndpoint.to(primary.host(), primary.port())) {
 *     String url = "jdbc:postgresql://" + db.host() + ":" + db.port() + "/postgres";
 *     ... .site("toronto", s -> s.traffic(standby.host() + ":" + standby.port())) ... reroute(db) ...
 * }
 * }</pre>
 */
public final class SwitchableEndpoint implements TrafficRouter, AutoCloseable {

    private final NetworkFault proxy;
    private volatile TrafficTarget current;

    private SwitchableEndpoint(NetworkFault proxy, TrafficTarget initial) {
        this.proxy = proxy;
        this.current = initial;
    }

    /** Starts the endpoint on a free port of 127.0.0.1, routing to {@code host:port}. */
    public static SwitchableEndpoint to(String host, int port) throws IOException {
        Objects.requireNonNull(host, "host");
        return new SwitchableEndpoint(NetworkFault.proxy(host, port), TrafficTarget.of(host + ":" + port));
    }

    /** The host clients connect to (127.0.0.1). */
    public String host() {
        return proxy.host();
    }

    /** The port clients connect to. */
    public int port() {
        return proxy.port();
    }

    /** The proxy underneath, to cut clients off from the endpoint (a partition on the client side). */
    public NetworkFault link() {
        return proxy;
    }

    @Override
    public String name() {
        return "switchable endpoint " + host() + ":" + port();
    }

    /**
     * Moves the upstream to {@code target} ({@code host:port}) and resets every open connection; returns once new
     * connections go to the new upstream.
     *
     * @throws IllegalArgumentException when the target is not {@code host:port}, naming the site
     */
    @Override
    public void routeTo(String siteName, TrafficTarget target) {
        Objects.requireNonNull(target, "target");
        String address = target.address();
        int colon = address.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("traffic target '" + address + "' of site " + siteName
                    + " is not host:port; a switchable endpoint needs e.g. traffic(\"127.0.0.1:54321\")");
        }
        proxy.retarget(address.substring(0, colon), port);
        current = target;
    }

    @Override
    public Optional<TrafficTarget> current() {
        return Optional.of(current);
    }

    /** Stops the endpoint and resets every connection. */
    @Override
    public void close() {
        proxy.close();
    }

    @Override
    public String toString() {
        return "SwitchableEndpoint[" + host() + ":" + port() + " -> " + current.address() + "]";
    }
}
