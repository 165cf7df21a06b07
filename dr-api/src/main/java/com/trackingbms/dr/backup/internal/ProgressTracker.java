package com.trackingbms.dr.backup.internal;

import com.trackingbms.dr.backup.Progress;
import com.trackingbms.dr.backup.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Reports progress at most once per interval of the injected clock, plus once at the end. */
public final class ProgressTracker {

    private final String operation;
    private final String id;
    private final long total;
    private final Clock clock;
    private final Duration interval;
    private final ProgressListener listener;
    private final Instant start;
    private Instant nextReport;
    private long bytes;
    private int calls;

    /** Starts tracking now. */
    public ProgressTracker(String operation, String id, long total, Clock clock, Duration interval, ProgressListener listener) {
        this.operation = operation;
        this.id = id;
        this.total = total;
        this.clock = clock;
        this.interval = interval;
        this.listener = listener;
        this.start = clock.instant();
        this.nextReport = start.plus(interval);
    }

    /** Records the running byte count; reports when the interval has passed. */
    public void advance(long count) {
        bytes = count;
        // Reading the clock on every small write would cost more than the write: look every 64 calls.
        if ((++calls & 63) != 0) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(nextReport)) {
            nextReport = now.plus(interval);
            listener.onProgress(new Progress(operation, id, bytes, total, Duration.between(start, now), false));
        }
    }

    /** The final report. */
    public void finish() {
        listener.onProgress(new Progress(operation, id, bytes, total, Duration.between(start, clock.instant()), true));
    }
}
