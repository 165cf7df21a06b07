package com.trackingbms.dr.backup;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How far a backup, verification or restore has come.
 *
 * @param operation "backup", "verify" or "restore"
 * @param backupId the backup concerned
 * @param bytes bytes processed so far (raw bytes for a backup, stored bytes for verify and restore)
 * @param totalBytes bytes expected, or -1 when unknown (a backup's size is known only at the end)
 * @param elapsed time since the operation started
 * @param done whether this is the final report
 */
public record Progress(String operation, String backupId, long bytes, long totalBytes, Duration elapsed, boolean done) {

    /** Checks the parts are present. */
    public Progress {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Average bytes per second so far (0 before any time has passed). */
    public double bytesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : bytes / seconds;
    }

    /** Estimated time to finish, when the total is known and bytes are flowing. */
    public java.util.Optional<Duration> eta() {
        double rate = bytesPerSecond();
        if (totalBytes < 0 || rate <= 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.ofMillis((long) ((totalBytes - bytes) / rate * 1000)));
    }

    /** Total, when known. */
    public OptionalLong total() {
        return totalBytes < 0 ? OptionalLong.empty() : OptionalLong.of(totalBytes);
    }

    /** One log line: "backup 2026...: 512.0 MiB of 1.0 GiB, 180.2 MiB/s, ETA 3s". */
    public String describe() {
        StringBuilder b = new StringBuilder(operation).append(' ').append(backupId).append(": ").append(mib(bytes));
        if (totalBytes >= 0) {
            b.append(" of ").append(mib(totalBytes));
        }
        b.append(String.format(java.util.Locale.ROOT, ", %.1f MiB/s", bytesPerSecond() / (1024 * 1024)));
        eta().ifPresent(e -> b.append(", ETA ").append(e.toSeconds()).append('s'));
        if (done) {
            b.append(", done in ").append(elapsed.toMillis()).append(" ms");
        }
        return b.toString();
    }

    private static String mib(long n) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
}
