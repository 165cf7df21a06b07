package com.trackingbms.dr.testkit.fake;

import com.trackingbms.dr.spi.DatabaseNode;
import com.trackingbms.dr.spi.NodeRole;
import com.trackingbms.dr.spi.NodeState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An in-memory database node: a role, a replication position and a fence flag. Tests move positions with
 * {@link #write(long)} and {@link #receiveUpTo(long)}, make the node unreachable, or make one operation fail.
 * Every call is recorded in {@link #calls()}, so a test can assert on the order of fence and promote.
 */
public final class FakeDatabaseNode implements DatabaseNode {

    private final String name;
    private final FaultSwitch faults;
    private final List<String> calls = new ArrayList<>();
    private NodeRole role;
    private long writePosition;
    private Long receivedPosition;
    private Instant lastReplayedCommit;
    private boolean fenced;
    private boolean reachable = true;
    private boolean refusing;

    private FakeDatabaseNode(String name, NodeRole role, long writePosition, Long receivedPosition) {
        this.name = Objects.requireNonNull(name, "name");
        this.faults = new FaultSwitch(name);
        this.role = role;
        this.writePosition = writePosition;
        this.receivedPosition = receivedPosition;
    }

    /** A writable primary at position 0. */
    public static FakeDatabaseNode primary(String name) {
        return new FakeDatabaseNode(name, NodeRole.PRIMARY, 0, null);
    }

    /** A standby that has received up to {@code receivedPosition}. */
    public static FakeDatabaseNode standby(String name, long receivedPosition) {
        return new FakeDatabaseNode(name, NodeRole.STANDBY, 0, receivedPosition);
    }

    /** A standby whose received position is unknown (never streamed): never to be mistaken for "no lag". */
    public static FakeDatabaseNode standbyWithUnknownPosition(String name) {
        return new FakeDatabaseNode(name, NodeRole.STANDBY, 0, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NodeState state() throws Exception {
        faults.hook("state");
        synchronized (this) {
            record("state");
            return new NodeState(role, role == NodeRole.PRIMARY ? OptionalLong.of(writePosition) : OptionalLong.empty(),
                    role == NodeRole.STANDBY && receivedPosition != null ? OptionalLong.of(receivedPosition) : OptionalLong.empty(),
                    role == NodeRole.STANDBY && receivedPosition != null ? OptionalLong.of(receivedPosition) : OptionalLong.empty(),
                    Optional.ofNullable(lastReplayedCommit), fenced);
        }
    }

    @Override
    public void fence() throws Exception {
        faults.hook("fence");
        synchronized (this) {
            record("fence");
            fenced = true;
        }
    }

    @Override
    public void unfence() throws Exception {
        faults.hook("unfence");
        synchronized (this) {
            record("unfence");
            fenced = false;
        }
    }

    @Override
    public void promote(Duration timeout) throws Exception {
        faults.hook("promote");
        synchronized (this) {
            record("promote");
            if (role != NodeRole.PRIMARY) {
                role = NodeRole.PRIMARY;
                writePosition = receivedPosition == null ? 0 : receivedPosition;
                fenced = false;
            }
        }
    }

    @Override
    public boolean acceptsWrites() throws Exception {
        faults.hook("acceptsWrites");
        synchronized (this) {
            record("acceptsWrites");
            return role == NodeRole.PRIMARY && !fenced;
        }
    }

    /** Advances a primary's write position by {@code bytes}. */
    public synchronized long write(long bytes) {
        if (role != NodeRole.PRIMARY) {
            throw new IllegalStateException(name + " is not primary; only a primary takes writes");
        }
        writePosition += bytes;
        return writePosition;
    }

    /** Sets a standby's received position (what it has streamed so far) and the time of its last commit. */
    public synchronized void receiveUpTo(long position, Instant commitTime) {
        receivedPosition = position;
        lastReplayedCommit = commitTime;
    }

    /** Sets a standby's received position. */
    public synchronized void receiveUpTo(long position) {
        receiveUpTo(position, lastReplayedCommit);
    }

    /** Makes every call throw (the node is down or partitioned away), or reachable again. */
    public synchronized void setReachable(boolean value) {
        this.reachable = value;
    }

    /**
     * Makes every call throw {@link com.trackingbms.dr.spi.NodeUnreachableException}, as a real node does whose
     * server is gone (connection refused), or answer again; {@link #setReachable} instead fails calls with a plain
     * error that the engine may retry.
     */
    public synchronized void setRefusingConnections(boolean value) {
        this.refusing = value;
    }

    /**
     * Runs {@code action} whenever {@code operation} is called, before it takes effect: advance a
     * {@link SimulatedClock} to give the operation a duration, or throw an {@link Error} to simulate the calling
     * process dying at that point. {@code null} removes the hook.
     */
    public void onCall(String operation, Runnable action) {
        faults.onCall(operation, action);
    }

    /** Makes the next {@code times} calls of {@code operation} ("fence", "promote", "state", ...) throw. */
    public void failNext(String operation, int times) {
        faults.fail(operation, times);
    }

    /** Makes every call of {@code operation} throw until {@link #heal()}. */
    public void failAlways(String operation) {
        faults.fail(operation, Integer.MAX_VALUE);
    }

    /** Clears injected failures and call hooks, and makes the node reachable. */
    public synchronized void heal() {
        faults.clearAll();
        reachable = true;
        refusing = false;
    }

    /** Whether the node is fenced. */
    public synchronized boolean isFenced() {
        return fenced;
    }

    /** The node's role. */
    public synchronized NodeRole role() {
        return role;
    }

    /** The operations called so far, in order ("state", "fence", "promote", ...). */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    private void record(String operation) throws Exception {
        calls.add(operation);
        if (refusing) {
            throw new com.trackingbms.dr.spi.NodeUnreachableException(name + " cannot be reached (fake node refuses connections)",
                    new java.net.ConnectException("connection refused"));
        }
        if (!reachable) {
            throw new java.net.ConnectException(name + ": connection refused (fake node unreachable)");
        }
        faults.check(operation);
    }

    @Override
    public String toString() {
        return "FakeDatabaseNode[" + name + "]";
    }
}
