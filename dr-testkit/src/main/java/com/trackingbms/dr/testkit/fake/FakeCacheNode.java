package com.trackingbms.dr.testkit.fake;

import com.trackingbms.dr.spi.CacheNode;
import com.trackingbms.dr.spi.NodeRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An in-memory cache node with a role; records calls and can be told to fail. */
public final class FakeCacheNode implements CacheNode {

    private final String name;
    private final FaultSwitch faults;
    private final List<String> calls = new ArrayList<>();
    private NodeRole role;

    private FakeCacheNode(String name, NodeRole role) {
        this.name = Objects.requireNonNull(name, "name");
        this.faults = new FaultSwitch(name);
        this.role = role;
    }

    /** A cache master. */
    public static FakeCacheNode master(String name) {
        return new FakeCacheNode(name, NodeRole.PRIMARY);
    }

    /** A cache replica. */
    public static FakeCacheNode replica(String name) {
        return new FakeCacheNode(name, NodeRole.STANDBY);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NodeRole role() throws Exception {
        faults.hook("role");
        synchronized (this) {
            calls.add("role");
            faults.check("role");
            return role;
        }
    }

    @Override
    public void promote(Duration timeout) throws Exception {
        faults.hook("promote");
        synchronized (this) {
            calls.add("promote");
            faults.check("promote");
            role = NodeRole.PRIMARY;
        }
    }

    /**
     * Runs {@code action} whenever {@code operation} is called, before it takes effect: advance a
     * {@link SimulatedClock} to give the operation a duration, or throw an {@link Error} to simulate the calling
     * process dying at that point. {@code null} removes the hook.
     */
    public void onCall(String operation, Runnable action) {
        faults.onCall(operation, action);
    }

    /** Makes the next {@code times} calls of {@code operation} throw. */
    public void failNext(String operation, int times) {
        faults.fail(operation, times);
    }

    /** The operations called so far. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The current role, without recording a call. */
    public synchronized NodeRole currentRole() {
        return role;
    }

    @Override
    public String toString() {
        return "FakeCacheNode[" + name + "]";
    }
}
