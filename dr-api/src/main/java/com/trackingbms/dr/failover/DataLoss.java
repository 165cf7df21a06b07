package com.trackingbms.dr.failover;

import com.trackingbms.dr.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The estimated data a promotion loses: the bytes of the replication stream the candidate had not received, and
 * the time those bytes cover. An unknown loss is never zero: the RPO guard refuses it unless forced.
 *
 * @param bytes bytes not received, when known
 * @param time the span of writes not received, when known
 * @param basis how the estimate was made, or why it is unknown
 */
public record DataLoss(OptionalLong bytes, Optional<Duration> time, String basis) {

    /** Checks the parts are present. */
    public DataLoss {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(basis, "basis");
    }

    /** A known loss. */
    public static DataLoss of(long bytes, Duration time, String basis) {
        return new DataLoss(OptionalLong.of(bytes), Optional.of(time), basis);
    }

    /** No loss, with the reason (a caught-up standby, a planned switchover). */
    public static DataLoss none(String basis) {
        return of(0, Duration.ZERO, basis);
    }

    /** An unknown loss, with the reason. */
    public static DataLoss unknown(String reason) {
        return new DataLoss(OptionalLong.empty(), Optional.empty(), reason);
    }

    /** Whether both bytes and time are known. */
    public boolean known() {
        return bytes.isPresent() && time.isPresent();
    }

    /** Whether the loss is known and within {@code rpo}. */
    public boolean within(Duration rpo) {
        return known() && time.get().compareTo(rpo) <= 0;
    }

    /** "12 KiB / 3.5s (basis)" or "unknown (reason)". */
    public String describe() {
        if (!known()) {
            return "unknown (" + basis + ")";
        }
        return bytes.getAsLong() + " bytes / " + Durations.format(time.get()) + " (" + basis + ")";
    }
}
