package com.trackingbms.dr.failover;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * The incident report of a failover, as JSON: id, times, failed and active site, measured RTO and RPO against the
 * objectives with pass or fail computed from the numbers, the services affected, the recovery task and the
 * timeline.
 *
 * @param result the run it reports on
 * @param servicesAffected the components of the failed site that were taken over ("database montreal-pg")
 */
public record IncidentReport(FailoverResult result, List<String> servicesAffected) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the list and checks the parts are present. */
    public IncidentReport {
        Objects.requireNonNull(result, "result");
        servicesAffected = List.copyOf(servicesAffected);
    }

    /** The report of {@code result}; services affected are taken from its timeline's steps. */
    static IncidentReport of(FailoverResult result) {
        List<String> services = result.timeline().entries().stream()
                .filter(e -> switch (e.kind()) {
                    case PROMOTED, CACHE_FAILED_OVER, REROUTED -> true;
                    default -> false;
                })
                .map(e -> switch (e.kind()) {
                    case PROMOTED -> "database";
                    case CACHE_FAILED_OVER -> "cache";
                    default -> "traffic";
                })
                .distinct().toList();
        return new IncidentReport(result, services);
    }

    /** The report as pretty-printed JSON; durations in milliseconds, times in ISO-8601 UTC. */
    public String toJson() {
        FailoverResult r = result;
        ObjectNode root = JSON.createObjectNode();
        root.put("id", r.runId());
        root.put("plan", r.plan());
        root.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
        root.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        root.put("reason", r.reason());
        root.put("failedSite", r.failedSite());
        root.put("activeSite", r.activeSite());
        root.put("resumed", r.resumed());
        root.put("forced", r.forced());
        ObjectNode times = root.putObject("times");
        times.put("outageStarted", r.outageStartedAt().toString());
        times.put("detected", r.detectedAt().toString());
        r.timeline().last(TimelineEntry.Kind.VALIDATED).ifPresent(v -> times.put("serviceRestored", v.time().toString()));
        times.put("finished", r.finishedAt().toString());
        ObjectNode rto = root.putObject("rto");
        rto.put("objectiveMs", r.objectives().rto().toMillis());
        if (r.rto().isPresent()) {
            rto.put("measuredMs", r.rto().get().toMillis());
        } else {
            rto.putNull("measuredMs");
        }
        rto.put("detectionMs", r.detectionTime().toMillis());
        rto.put("passed", r.rtoMet());
        ObjectNode rpo = root.putObject("rpo");
        rpo.put("objectiveMs", r.objectives().rpo().toMillis());
        if (r.dataLoss().known()) {
            rpo.put("lostBytes", r.dataLoss().bytes().getAsLong());
            rpo.put("lostMs", r.dataLoss().time().get().toMillis());
        } else {
            rpo.putNull("lostBytes");
            rpo.putNull("lostMs");
        }
        rpo.put("basis", r.dataLoss().basis());
        rpo.put("passed", r.rpoMet());
        ArrayNode services = root.putArray("servicesAffected");
        servicesAffected.forEach(services::add);
        r.validation().ifPresent(v -> {
            ObjectNode val = root.putObject("validation");
            val.put("site", v.site());
            val.put("successRate", v.successRate());
            val.put("threshold", v.threshold());
            val.put("passed", v.passed());
        });
        r.recoveryTask().ifPresent(t -> {
            ObjectNode task = root.putObject("recoveryTask");
            task.put("site", t.site());
            task.put("instructions", t.instructions());
        });
        ArrayNode timeline = root.putArray("timeline");
        for (TimelineEntry e : r.timeline().entries()) {
            ObjectNode n = timeline.addObject();
            n.put("time", e.time().toString());
            n.put("kind", e.kind().name());
            n.put("site", e.site());
            n.put("detail", e.detail());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
