package com.trackingbms.dr.testkit.fake;

import com.trackingbms.dr.spi.TrafficRouter;
import com.trackingbms.dr.spi.TrafficTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An in-memory router: remembers where traffic points and every change; can be told to fail. */
public final class FakeTrafficRouter implements TrafficRouter {

    /**
     * One routing change.
     *
     * @param site the site traffic was moved to
     * @param target the address written
     */
    public record Route(String site, TrafficTarget target) {
    }

    private final String name;
    private final FaultSwitch faults;
    private final List<Route> history = new ArrayList<>();
    private TrafficTarget current;

    /** A router that points nowhere yet. */
    public FakeTrafficRouter(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.faults = new FaultSwitch(name);
    }

    /** A router that already points at {@code initial}. */
    public FakeTrafficRouter(String name, TrafficTarget initial) {
        this(name);
        this.current = initial;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void routeTo(String siteName, TrafficTarget target) throws Exception {
        faults.hook("routeTo");
        synchronized (this) {
            faults.check("routeTo");
            history.add(new Route(siteName, target));
            current = target;
        }
    }

    @Override
    public Optional<TrafficTarget> current() throws Exception {
        faults.hook("current");
        synchronized (this) {
            faults.check("current");
            return Optional.ofNullable(current);
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

    /** Makes the next {@code times} calls of {@code operation} ("routeTo", "current") throw. */
    public void failNext(String operation, int times) {
        faults.fail(operation, times);
    }

    /** Every change, in order. */
    public synchronized List<Route> history() {
        return List.copyOf(history);
    }

    @Override
    public String toString() {
        return "FakeTrafficRouter[" + name + "]";
    }
}
