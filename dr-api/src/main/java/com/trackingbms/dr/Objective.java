package com.trackingbms.dr;

import java.time.Duration;

/** One recovery objective, given to {@link DisasterRecoveryPlan.Builder#objectives(Objective...)}. */
public sealed interface Objective {

    /** Recovery time objective: the longest acceptable time from fault to validated service. */
    static Objective rto(Duration value) {
        return new Rto(value);
    }

    /** Recovery point objective: the most data, measured in time, that a recovery may lose. */
    static Objective rpo(Duration value) {
        return new Rpo(value);
    }

    /** Availability target in percent, for example {@code 99.99}. */
    static Objective availability(double percent) {
        return new Availability(percent);
    }

    /** The RTO objective. */
    record Rto(Duration value) implements Objective {
    }

    /** The RPO objective. */
    record Rpo(Duration value) implements Objective {
    }

    /** The availability objective. */
    record Availability(double percent) implements Objective {
    }
}
