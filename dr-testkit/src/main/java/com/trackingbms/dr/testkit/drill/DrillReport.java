package com.trackingbms.dr.testkit.drill;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a drill measured.
 *
 * @param fault the fault injected
 * @param faultAt when it was injected
 * @param failover the controller's result, when it ran a failover within the drill's timeout
 * @param firstWriteAfterFault the first write acknowledged after the fault by a server other than the one that
 *     served the writes before it (the new primary), when there was one
 * @param firstWriteAfterFaultAt when that write was acknowledged
 * @param acknowledged every acknowledged write, in order
 * @param acknowledgedBeforeFault how many of them were acknowledged before the fault
 * @param failedWrites how many writes were not acknowledged (errors and timeouts)
 * @param missing the acknowledged writes that are not there when read back through the endpoint afterwards
 * @param readBackError why the ids could not be read back, when they could not (then {@code missing} is empty)
 */
public record DrillReport(String fault, Instant faultAt, Optional<FailoverResult> failover,
                          Optional<WriteLoad.Ack> firstWriteAfterFault, Optional<Instant> firstWriteAfterFaultAt,
                          List<WriteLoad.Ack> acknowledged, int acknowledgedBeforeFault, long failedWrites,
                          List<WriteLoad.Ack> missing, Optional<String> readBackError) {

    /** Copies the lists. */
    public DrillReport {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(faultAt, "faultAt");
        Objects.requireNonNull(failover, "failover");
        Objects.requireNonNull(firstWriteAfterFault, "firstWriteAfterFault");
        Objects.requireNonNull(firstWriteAfterFaultAt, "firstWriteAfterFaultAt");
        acknowledged = List.copyOf(acknowledged);
        missing = List.copyOf(missing);
        Objects.requireNonNull(readBackError, "readBackError");
    }

    /** The controller's measured RTO (first failed probe to validated service), when it restored service. */
    public Optional<Duration> rto() {
        return failover.flatMap(FailoverResult::rto);
    }

    /** From the fault to validated service, as the controller recorded it. */
    public Optional<Duration> faultToValidated() {
        return failover.filter(FailoverResult::succeeded).flatMap(r -> r.timeline().last(TimelineEntry.Kind.VALIDATED)
                .or(() -> r.timeline().last(TimelineEntry.Kind.COMPLETED))).map(e -> Duration.between(faultAt, e.time()));
    }

    /** From the fault to the first write acknowledged by the new primary: the RTO a client sees. */
    public Optional<Duration> faultToFirstWrite() {
        return firstWriteAfterFaultAt.map(t -> Duration.between(faultAt, t));
    }

    /** From the fault to the declared outage. */
    public Optional<Duration> faultToDetection() {
        return failover.map(r -> Duration.between(faultAt, r.detectedAt()));
    }

    /** How many acknowledged writes are missing. */
    public int lostAcknowledgedWrites() {
        return missing.size();
    }

    /**
     * Which servers acknowledged the missing writes, with their id ranges and how many of them came before the
     * fault: the first thing to know when a drill loses writes.
     */
    private String describeMissing() {
        if (missing.isEmpty()) {
            return "";
        }
        Set<Long> beforeFault = new HashSet<>();
        acknowledged.stream().limit(acknowledgedBeforeFault).forEach(a -> beforeFault.add(a.id()));
        Map<String, List<WriteLoad.Ack>> byServer = missing.stream().collect(Collectors.groupingBy(
                a -> a.servedBy().isEmpty() ? "unknown server" : a.servedBy(), LinkedHashMap::new, Collectors.toList()));
        return byServer.entrySet().stream().map(e -> {
            LongSummaryStatistics ids = e.getValue().stream().mapToLong(WriteLoad.Ack::id).summaryStatistics();
            long early = e.getValue().stream().filter(a -> beforeFault.contains(a.id())).count();
            return e.getValue().size() + " acknowledged by " + e.getKey() + " (ids " + ids.getMin() + "-" + ids.getMax()
                    + ", " + early + " before the fault)";
        }).collect(Collectors.joining(", ", " [", "]"));
    }

    /** A summary, then the controller's result with its timeline. */
    @Override
    public String toString() {
        return "drill: " + fault + " at " + faultAt + "; fault to first write on the new primary "
                + faultToFirstWrite().map(Durations::format).orElse("never") + " (" + firstWriteAfterFault.map(WriteLoad.Ack::servedBy).orElse("-")
                + "), fault to detection " + faultToDetection().map(Durations::format).orElse("-") + ", fault to validated "
                + faultToValidated().map(Durations::format).orElse("-") + ", controller RTO " + rto().map(Durations::format).orElse("-")
                + "; writes acknowledged " + acknowledged.size() + " (" + acknowledgedBeforeFault + " before the fault), failed "
                + failedWrites + ", acknowledged but missing " + missing.size() + describeMissing()
                + readBackError.map(e -> " (read back failed: " + e + ")").orElse("")
                + "\n" + failover.map(FailoverResult::toString).orElse("no failover ran");
    }
}
