package com.trackingbms.dr.testkit.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import com.trackingbms.dr.testkit.internal.BoundedWait;

/** What both backends' nodes share: the RESP call, readiness by PING, and what the topology needs to know. */
abstract class BaseRedisServer implements RedisServer {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final String name;
    private final Kind kind;

    BaseRedisServer(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Kind kind() {
        return kind;
    }

    /** Whether the node is suspended by {@link #pause()}. */
    abstract boolean isPaused();

    /** Running and not paused: worth asking. */
    final boolean answering() {
        return isRunning() && !isPaused();
    }

    @Override
    public Object call(String... command) throws IOException {
        return Resp.call(address(), CALL_TIMEOUT, command);
    }

    @Override
    public void awaitReady(Duration timeout) {
        String[] last = {"not asked yet"};
        try {
            BoundedWait.until(name + " to answer PING at " + address(), timeout, Duration.ofMillis(25), () -> {
                if (!isRunning()) {
                    last[0] = "process not running";
                    return true;
                }
                try {
                    Object reply = Resp.call(address(), Duration.ofSeconds(1), "PING");
                    last[0] = String.valueOf(reply);
                    return "PONG".equals(reply);
                } catch (IOException e) {
                    last[0] = e.toString();
                    return false;
                }
            }, () -> last[0]);
        } catch (TimeoutException e) {
            throw new RedisTopologyException(e.getMessage() + "\n" + describe(40), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisTopologyException("interrupted while waiting for " + name, e);
        }
        if (!isRunning()) {
            throw new RedisTopologyException(name + " exited while starting\n" + describe(40));
        }
    }

    /** Name, address, state and the last log lines. */
    final String describe(int lines) {
        String state = !isRunning() ? "not running" : isPaused() ? "paused" : "running";
        String pid = pid().isPresent() ? ", pid " + pid().getAsLong() : "";
        return "--- " + name + " (" + kind + " at " + address() + ", " + state + pid + "), last " + lines
                + " log lines ---\n" + logTail(lines);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + " " + address() + "]";
    }
}
