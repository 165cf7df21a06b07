package com.trackingbms.dr.testkit.fault;

import com.trackingbms.dr.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a server ({@code host:port}) whose behaviour can be switched at runtime, to simulate a
 * partition between a controller and a site. Point the client at {@link #host()}:{@link #port()} instead of the server.
 *
 * <ul>
 *   <li>{@link Mode#PASS}: bytes flow both ways.</li>
 *   <li>{@link Mode#DROP}: every open connection is reset (RST) and new ones are reset at once: "connection refused
 *       or reset", a site whose host is up but whose service is gone.</li>
 *   <li>{@link Mode#BLACKHOLE}: connections are accepted but nothing is forwarded either way and nothing answers:
 *       clients hang until their own timeouts, as with a network partition. Switching back to PASS lets the held
 *       bytes through, like TCP retransmissions after a partition heals.</li>
 *   <li>{@link Mode#DELAY}: every chunk of bytes is forwarded after the configured delay, in each direction.</li>
 * </ul>
 *
 * <pre>{@code
 * try (NetworkFault link = NetworkFault.proxy(node.host(), node.port())) {
 *     String url = "jdbc:postgresql://" + link.host() + ":" + link.port() + "/postgres";
 *     link.blackHole();   // the controller can no longer reach the site
 * }
 * }</pre>
 */
public final class NetworkFault implements AutoCloseable {

    /** What the proxy does with traffic. */
    public enum Mode {
        /** Forward everything. */
        PASS,
        /** Reset every connection. */
        DROP,
        /** Accept, never answer, forward nothing. */
        BLACKHOLE,
        /** Forward each chunk after a delay. */
        DELAY
    }

    private static final String LOOPBACK = "127.0.0.1";

    private volatile String targetHost;
    private volatile int targetPort;
    private final ServerSocket server;
    private final Object lock = new Object();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean closed;

    private NetworkFault(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getByName(LOOPBACK));
        Thread t = new Thread(this::acceptLoop, "network-fault-" + server.getLocalPort() + "-accept");
        t.setDaemon(true);
        t.start();
    }

    /** Starts a proxy in PASS mode on a free port of 127.0.0.1 in front of {@code targetHost:targetPort}. */
    public static NetworkFault proxy(String targetHost, int targetPort) throws IOException {
        Objects.requireNonNull(targetHost, "targetHost");
        Ports.require(targetPort, "targetPort", "the port the fault forwards to");
        return new NetworkFault(targetHost, targetPort);
    }

    /** The host clients connect to (127.0.0.1). */
    public String host() {
        return LOOPBACK;
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** The current mode. */
    public Mode mode() {
        return mode;
    }

    /** How many connections the proxy accepted so far. */
    public long acceptedConnections() {
        return accepted.get();
    }

    /** How many connections are open right now. */
    public int openConnections() {
        return links.size();
    }

    /**
     * Sends new connections to another server and resets the open ones, as a load balancer does when it moves its
     * target: clients reconnect and reach the new server.
     */
    public void retarget(String host, int port) {
        Objects.requireNonNull(host, "host");
        Ports.require(port, "port", "the port the fault forwards to");
        synchronized (lock) {
            targetHost = host;
            targetPort = port;
        }
        links.forEach(Link::reset);
    }

    /** The server new connections go to, as {@code host:port}. */
    public String target() {
        synchronized (lock) {
            return targetHost + ":" + targetPort;
        }
    }

    /** Forward everything again; black-holed bytes are delivered. */
    public void pass() {
        setMode(Mode.PASS, Duration.ZERO);
    }

    /** Reset every open connection and every new one. */
    public void drop() {
        setMode(Mode.DROP, Duration.ZERO);
        links.forEach(Link::reset);
    }

    /** Accept connections but forward nothing and answer nothing. */
    public void blackHole() {
        setMode(Mode.BLACKHOLE, Duration.ZERO);
    }

    /** Forward each chunk after {@code latency}, in each direction. */
    public void delay(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        setMode(Mode.DELAY, latency);
    }

    private void setMode(Mode m, Duration d) {
        synchronized (lock) {
            delay = d;
            mode = m;
            lock.notifyAll();
        }
    }

    /** Blocks while black-holed; returns false when the connection must be reset instead. */
    private boolean gate(long arrivedNanos) throws InterruptedException {
        synchronized (lock) {
            while (mode == Mode.BLACKHOLE && !closed) {
                lock.wait();
            }
        }
        if (closed || mode == Mode.DROP) {
            return false;
        }
        if (mode == Mode.DELAY) {
            long wait = arrivedNanos + delay.toNanos() - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            accepted.incrementAndGet();
            Link link = new Link(client);
            links.add(link);
            Thread t = new Thread(link::open, "network-fault-" + port() + "-link");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Stops the proxy and resets every connection. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            server.close();
        } catch (IOException e) {
            // Closing a listening socket only fails if it is already closed.
        }
        links.forEach(Link::reset);
    }

    @Override
    public String toString() {
        return "NetworkFault[" + LOOPBACK + ":" + port() + " -> " + targetHost + ":" + targetPort + ", " + mode
                + (mode == Mode.DELAY ? " " + delay : "") + "]";
    }

    /** One client connection and its upstream connection. */
    private final class Link {
        private final Socket client;
        private volatile Socket upstream;

        Link(Socket client) {
            this.client = client;
        }

        void open() {
            try {
                // A black-holed connection is accepted but not connected upstream until the partition heals.
                if (!gate(System.nanoTime())) {
                    reset();
                    return;
                }
                String host;
                int port;
                synchronized (lock) {
                    host = targetHost;
                    port = targetPort;
                }
                Socket up = new Socket();
                up.connect(new InetSocketAddress(host, port), 5000);
                upstream = up;
                if (closed || mode == Mode.DROP) {
                    reset();
                    return;
                }
                Thread back = new Thread(() -> pump(up, client), "network-fault-" + port() + "-down");
                back.setDaemon(true);
                back.start();
                pump(client, up);
            } catch (IOException e) {
                reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
            }
        }

        private void pump(Socket from, Socket to) {
            byte[] buf = new byte[16384];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!gate(System.nanoTime())) {
                        reset();
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
                // Orderly end of one direction: pass the FIN on.
                to.shutdownOutput();
                if (from.isOutputShutdown() || to.isInputShutdown()) {
                    finish();
                }
            } catch (IOException e) {
                reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
            }
        }

        private void finish() {
            quietClose(client);
            quietClose(upstream);
            links.remove(this);
        }

        void reset() {
            abort(client);
            abort(upstream);
            links.remove(this);
        }

        private void abort(Socket s) {
            if (s == null) {
                return;
            }
            try {
                // Linger 0 turns close into a RST: the peer sees "connection reset", not a clean end.
                s.setSoLinger(true, 0);
            } catch (SocketException e) {
                // Already closed.
            }
            quietClose(s);
        }

        private void quietClose(Socket s) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // Nothing left to release.
                }
            }
        }
    }
}
