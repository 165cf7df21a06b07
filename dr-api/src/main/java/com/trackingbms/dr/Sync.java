package com.trackingbms.dr;

import java.time.Duration;
import java.util.Objects;

/** How a standby site is kept in sync with the primary. */
public sealed interface Sync {

    /** Continuous streaming replication in the given mode. */
    static Sync streaming(ReplicationMode mode) {
        return new Streaming(Objects.requireNonNull(mode, "mode"));
    }

    /** Periodic copies (backups shipped, snapshots restored) every {@code interval}. */
    static Sync every(Duration interval) {
        return new Periodic(Objects.requireNonNull(interval, "interval"));
    }

    /**
     * The most data a failover to this site can lose by design, or {@code null} when it is bounded only by the
     * replication lag at the time (asynchronous streaming).
     */
    Duration worstCaseLoss();

    /** Short human text, for descriptions. */
    String describe();

    /** Streaming replication. */
    record Streaming(ReplicationMode mode) implements Sync {
        /** Checks the mode. */
        public Streaming {
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public Duration worstCaseLoss() {
            return mode == ReplicationMode.SYNCHRONOUS ? Duration.ZERO : null;
        }

        @Override
        public String describe() {
            return mode.name().toLowerCase(java.util.Locale.ROOT) + " streaming";
        }
    }

    /** Periodic synchronisation. */
    record Periodic(Duration interval) implements Sync {
        /** Checks the interval is present (its sign is checked by the plan builder, which names the site). */
        public Periodic {
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public Duration worstCaseLoss() {
            return interval;
        }

        @Override
        public String describe() {
            return "synced every " + Durations.format(interval);
        }
    }
}
