package com.trackingbms.dr.runbook;

import com.trackingbms.dr.backup.RestoreRequest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a runbook restores: the latest backup, or the latest one finished at or before a time.
 *
 * @param time the point in time, or empty for the latest backup
 */
public record RestorePoint(Optional<Instant> time) {

    /** Checks the part is present. */
    public RestorePoint {
        Objects.requireNonNull(time, "time");
    }

    /** The latest backup. */
    public static RestorePoint latest() {
        return new RestorePoint(Optional.empty());
    }

    /** The latest backup finished at or before {@code time}. */
    public static RestorePoint at(Instant time) {
        return new RestorePoint(Optional.of(Objects.requireNonNull(time, "time")));
    }

    /** The latest backup finished strictly before {@code time} (one nanosecond earlier), e.g. before a corruption. */
    public static RestorePoint before(Instant time) {
        return at(Objects.requireNonNull(time, "time").minusNanos(1));
    }

    /** The backup catalog's request for this point. */
    public RestoreRequest toRequest() {
        return time.map(RestoreRequest::at).orElseGet(RestoreRequest::latest);
    }

    /** "latest" or the ISO-8601 time. */
    public String describe() {
        return time.map(Instant::toString).orElse("latest");
    }
}
