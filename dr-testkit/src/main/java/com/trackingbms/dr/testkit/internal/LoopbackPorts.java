package com.trackingbms.dr.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Free TCP ports on 127.0.0.1 for servers that must be told their port before they start. */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** The loopback address every testkit server binds. */
    public static final String HOST = "127.0.0.1";

    /**
     * Returns a port that was free a moment ago.
     *
     * <p>The port is released before the caller binds it, so another process can take it in between; callers
     * that start child servers retry on a bind failure instead of trusting this forever.
     *
     * @return a TCP port on 127.0.0.1
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on " + HOST, e);
        }
    }

    /**
     * True when something accepts TCP connections on the loopback port.
     *
     * @param port the TCP port
     * @param connectTimeoutMillis the connect timeout
     * @return true when something accepts TCP connections on the loopback port
     */
    public static boolean accepts(int port, int connectTimeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), connectTimeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
