package com.trackingbms.dr.failover;

import com.trackingbms.dr.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What happened, in order, with times. An immutable value; {@link #render()} gives the text that assertion
 * failures and logs show.
 *
 * @param entries the entries, oldest first
 */
public record RecoveryTimeline(List<TimelineEntry> entries) {

    /** Copies the list. */
    public RecoveryTimeline {
        entries = List.copyOf(entries);
    }

    /** The first entry of {@code kind}. */
    public Optional<TimelineEntry> first(TimelineEntry.Kind kind) {
        return entries.stream().filter(e -> e.kind() == kind).findFirst();
    }

    /** The last entry of {@code kind}. */
    public Optional<TimelineEntry> last(TimelineEntry.Kind kind) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).kind() == kind) {
                return Optional.of(entries.get(i));
            }
        }
        return Optional.empty();
    }

    /** Every entry of {@code kind}, in order. */
    public List<TimelineEntry> all(TimelineEntry.Kind kind) {
        return entries.stream().filter(e -> e.kind() == kind).toList();
    }

    /** The kinds, in order: handy for asserting on the sequence of a failover. */
    public List<TimelineEntry.Kind> kinds() {
        return entries.stream().map(TimelineEntry::kind).toList();
    }

    /** Whether an entry of {@code kind} exists. */
    public boolean has(TimelineEntry.Kind kind) {
        return first(kind).isPresent();
    }

    /** The time from the first {@code from} entry to the last {@code to} entry, if both exist. */
    public Optional<Duration> between(TimelineEntry.Kind from, TimelineEntry.Kind to) {
        Optional<TimelineEntry> a = first(from);
        Optional<TimelineEntry> b = last(to);
        return a.isPresent() && b.isPresent() ? Optional.of(Duration.between(a.get().time(), b.get().time()))
                : Optional.empty();
    }

    /**
     * One line per entry, with the offset from the first entry: {@code +6s  PROMOTED  toronto  toronto-pg accepts
     * writes}.
     */
    public String render() {
        if (entries.isEmpty()) {
            return "  (empty timeline)";
        }
        Instant start = entries.get(0).time();
        return entries.stream().map(e -> String.format(java.util.Locale.ROOT, "  %-9s %-19s %-10s %s",
                        "+" + Durations.format(Duration.between(start, e.time())), e.kind(), e.site(), e.detail()))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return "RecoveryTimeline[\n" + render() + "\n]";
    }
}
