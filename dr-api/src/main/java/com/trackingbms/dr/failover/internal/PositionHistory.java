package com.trackingbms.dr.failover.internal;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.failover.DataLoss;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The primary's write positions as sampled over time, to turn a standby's received position into a data-loss
 * estimate in bytes and seconds. The estimate covers what the samples saw: writes after the last sample (for
 * example in the last moments before a crash) are not known to anyone and cannot be counted.
 */
public final class PositionHistory {

    /**
     * One sample.
     *
     * @param time when the position was read
     * @param position the primary's write position then
     */
    public record Sample(Instant time, long position) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Duration window;
    private final int maxSamples;

    /** Keeps samples for {@code window}, at most {@code maxSamples}. */
    public PositionHistory(Duration window, int maxSamples) {
        this.window = window;
        this.maxSamples = maxSamples;
    }

    /** Records the primary's position at {@code time}. A position lower than the last one starts a new history (new timeline). */
    public synchronized void record(Instant time, long position) {
        Sample last = samples.peekLast();
        if (last != null && position < last.position()) {
            samples.clear();
        }
        if (last != null && position == last.position() && !samples.isEmpty()) {
            // Keep the earliest time a position was seen: it is when the writes up to it had happened.
            return;
        }
        samples.addLast(new Sample(time, position));
        while (samples.size() > maxSamples
                || (samples.size() > 1 && Duration.between(samples.peekFirst().time(), time).compareTo(window) > 0)) {
            samples.removeFirst();
        }
    }

    /** The most recent sample. */
    public synchronized Optional<Sample> last() {
        return Optional.ofNullable(samples.peekLast());
    }

    /** Forgets every sample (the primary changed). */
    public synchronized void clear() {
        samples.clear();
    }

    /**
     * The data a standby at {@code received} would lose if promoted now. Unknown when its position is unknown (never
     * the same as no lag) or the primary was never sampled. The time is the span from the last sample the standby
     * had fully received to the last known primary position; when the history does not reach back that far, the
     * standby's last replayed commit time is used, and failing that the time is unknown.
     */
    public synchronized DataLoss lossFor(String site, OptionalLong received, Optional<Instant> lastReplayedCommit) {
        if (received.isEmpty()) {
            return DataLoss.unknown("the replication position of " + site
                    + " is unknown (never streamed, slot missing or not reported), which is not the same as no lag");
        }
        Sample last = samples.peekLast();
        if (last == null) {
            return DataLoss.unknown("the primary's write position was never read, so the loss of " + site
                    + " cannot be estimated");
        }
        long r = received.getAsLong();
        if (r >= last.position()) {
            return DataLoss.none(site + " received up to " + r + ", at or past the last known primary position "
                    + last.position() + " read at " + last.time());
        }
        long bytes = last.position() - r;
        Sample covered = null;
        for (Iterator<Sample> it = samples.descendingIterator(); it.hasNext(); ) {
            Sample s = it.next();
            if (s.position() <= r) {
                covered = s;
                break;
            }
        }
        if (covered != null) {
            Duration span = Duration.between(covered.time(), last.time());
            return DataLoss.of(bytes, span, site + " received up to " + r + ", " + bytes
                    + " bytes behind the last known primary position " + last.position() + " read at " + last.time()
                    + "; writes after " + covered.time() + " (" + Durations.format(span) + ") not received");
        }
        if (lastReplayedCommit.isPresent()) {
            Duration span = Duration.between(lastReplayedCommit.get(), last.time());
            if (span.isNegative()) {
                span = Duration.ZERO;
            }
            return DataLoss.of(bytes, span, site + " is " + bytes + " bytes behind; its last replayed commit is from "
                    + lastReplayedCommit.get() + ", " + Durations.format(span) + " before the last known primary position");
        }
        return new DataLoss(OptionalLong.of(bytes), Optional.empty(), site + " is " + bytes
                + " bytes behind, and neither the position history nor a commit time says how many seconds that is");
    }
}
