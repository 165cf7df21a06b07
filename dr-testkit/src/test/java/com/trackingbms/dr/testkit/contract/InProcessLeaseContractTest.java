package com.trackingbms.dr.testkit.contract;

import com.trackingbms.dr.coordination.Lease;
import com.trackingbms.dr.coordination.LeaseGrant;
import com.trackingbms.dr.testkit.fake.SimulatedClock;
import java.time.Duration;

/** The in-process lease against the lease contract, on a simulated clock. */
class InProcessLeaseContractTest extends LeaseContract {

    private final SimulatedClock clock = SimulatedClock.create();

    @Override
    protected Lease newLease() {
        return Lease.inProcess("plan", clock);
    }

    @Override
    protected void lapse(Lease lease, LeaseGrant grant) {
        clock.set(grant.expiresAt().plus(Duration.ofMillis(1)));
    }
}
