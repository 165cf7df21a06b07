package com.trackingbms.dr.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one failover, kept through the {@link Lease} so that the next lease holder can finish a failover
 * whose controller died. Every step is journalled before it runs ({@link Status#STARTED}) and after
 * ({@link Status#DONE} or {@link Status#FAILED}); steps are idempotent, so a successor re-runs a step that was
 * started but not done and skips the ones that are done. An immutable value; {@link #with} methods return copies.
 *
 * @param runId the failover's run id
 * @param plan the plan's name
 * @param kind {@code failover} or {@code switchover}
 * @param holder the controller instance that wrote this version
 * @param token the fencing token of the grant that wrote this version
 * @param failedSite the site that failed (or is being switched away from)
 * @param candidate the site being made primary
 * @param activeSite the site serving production according to this journal
 * @param excludedSites sites that must not be chosen again in this failover (failed, refused, cascaded away from)
 * @param state in progress, completed or failed
 * @param forced whether the operator forced past the RPO guard
 * @param outageStartedAt the first failed probe of the outage (or the switchover request)
 * @param detectedAt when the outage was declared
 * @param updatedAt when this version was written
 * @param entries the journalled steps, oldest first
 * @param loss the data loss estimated for the candidate before it was promoted, when it was known
 */
public record FailoverJournal(String runId, String plan, String kind, String holder, long token, String failedSite,
                              String candidate, String activeSite, List<String> excludedSites, State state,
                              boolean forced, Instant outageStartedAt, Instant detectedAt, Instant updatedAt,
                              List<Entry> entries, Optional<Loss> loss) {

    /** Format version written in every journal; readers refuse a newer one rather than misread it. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a failover stands. */
    public enum State {
        /** Steps are running (or the controller died while they were). */
        IN_PROGRESS,
        /** The candidate was promoted, rerouted and validated. */
        COMPLETED,
        /** No candidate could be made primary. */
        FAILED
    }

    /** Whether a journalled step started, finished or failed. */
    public enum Status {
        /** Recorded before the step runs. */
        STARTED,
        /** Recorded after the step succeeded. */
        DONE,
        /** Recorded after the step failed. */
        FAILED
    }

    /**
     * One journalled step.
     *
     * @param step the step's label ({@code promote-database})
     * @param site the site it acted on
     * @param status started, done or failed
     * @param time when it was recorded
     * @param detail what happened
     */
    public record Entry(String step, String site, Status status, Instant time, String detail) {
        /** Checks the parts are present. */
        public Entry {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The data loss estimated for a candidate before its promotion. Journalled because it can only be measured then: once
     * the candidate is a primary, what it had received is no longer known, and a successor finishing the run needs it
     * to report the loss (and whether the RPO was met) instead of "unknown".
     *
     * @param site the candidate it was estimated for
     * @param bytes bytes of the replication stream the candidate had not received
     * @param time the span of writes those bytes cover
     * @param basis how the estimate was made
     */
    public record Loss(String site, long bytes, Duration time, String basis) {
        /** Checks the parts are present. */
        public Loss {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(basis, "basis");
        }
    }

    /** A journal without a loss estimate yet. */
    public FailoverJournal(String runId, String plan, String kind, String holder, long token, String failedSite,
                           String candidate, String activeSite, List<String> excludedSites, State state,
                           boolean forced, Instant outageStartedAt, Instant detectedAt, Instant updatedAt,
                           List<Entry> entries) {
        this(runId, plan, kind, holder, token, failedSite, candidate, activeSite, excludedSites, state, forced, outageStartedAt,
                detectedAt, updatedAt, entries, Optional.empty());
    }

    /** Copies the lists and checks the parts are present. */
    public FailoverJournal {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(failedSite, "failedSite");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(activeSite, "activeSite");
        excludedSites = List.copyOf(excludedSites);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(outageStartedAt, "outageStartedAt");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        entries = List.copyOf(entries);
        Objects.requireNonNull(loss, "loss");
    }

    /** The key the journal of {@code plan} is kept under. */
    public static String key(String plan) {
        return "failover-journal/" + plan;
    }

    /** Whether the step {@code step} on {@code site} is recorded as done. */
    public boolean isDone(String step, String site) {
        return latest(step, site).map(e -> e.status() == Status.DONE).orElse(false);
    }

    /** The most recent entry for {@code step} on {@code site}. */
    public Optional<Entry> latest(String step, String site) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.step().equals(step) && e.site().equals(site)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** A copy with one more entry, written by {@code grant} at {@code time}. */
    public FailoverJournal with(Entry entry, LeaseGrant grant) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(entry);
        return new FailoverJournal(runId, plan, kind, grant.holder(), grant.token(), failedSite, candidate, activeSite,
                excludedSites, state, forced, outageStartedAt, detectedAt, entry.time(), more, loss);
    }

    /** A copy with another candidate, and {@code excluded} added to the excluded sites. */
    public FailoverJournal withCandidate(String newCandidate, String excluded, Instant time) {
        List<String> ex = new ArrayList<>(excludedSites);
        if (excluded != null && !ex.contains(excluded)) {
            ex.add(excluded);
        }
        return new FailoverJournal(runId, plan, kind, holder, token, failedSite, newCandidate, activeSite, ex, state,
                forced, outageStartedAt, detectedAt, time, entries, loss);
    }

    /** A copy in another state, with the given active site. */
    public FailoverJournal withState(State newState, String newActiveSite, Instant time) {
        return new FailoverJournal(runId, plan, kind, holder, token, failedSite, candidate, newActiveSite,
                excludedSites, newState, forced, outageStartedAt, detectedAt, time, entries, loss);
    }

    /** A copy with the loss estimated for a candidate (written with the next version). */
    public FailoverJournal withLoss(Loss estimate, Instant time) {
        return new FailoverJournal(runId, plan, kind, holder, token, failedSite, candidate, activeSite, excludedSites, state,
                forced, outageStartedAt, detectedAt, time, entries, Optional.of(estimate));
    }

    /** Reads the plan's journal from the lease's records. */
    public static Optional<FailoverJournal> read(Lease lease, String plan) throws Exception {
        Optional<byte[]> bytes = lease.read(key(plan));
        return bytes.isEmpty() ? Optional.empty() : Optional.of(fromJson(bytes.get()));
    }

    /**
     * Writes this journal under {@code grant}.
     *
     * @throws LeaseLostException when the grant is no longer current
     */
    public void write(Lease lease, LeaseGrant grant) throws Exception {
        lease.write(grant, key(plan), toJson());
    }

    /** The JSON form. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", FORMAT_VERSION);
        root.put("runId", runId);
        root.put("plan", plan);
        root.put("kind", kind);
        root.put("holder", holder);
        root.put("token", token);
        root.put("failedSite", failedSite);
        root.put("candidate", candidate);
        root.put("activeSite", activeSite);
        ArrayNode ex = root.putArray("excludedSites");
        excludedSites.forEach(ex::add);
        root.put("state", state.name());
        root.put("forced", forced);
        root.put("outageStartedAt", outageStartedAt.toString());
        root.put("detectedAt", detectedAt.toString());
        root.put("updatedAt", updatedAt.toString());
        ArrayNode list = root.putArray("entries");
        for (Entry e : entries) {
            ObjectNode n = list.addObject();
            n.put("step", e.step());
            n.put("site", e.site());
            n.put("status", e.status().name());
            n.put("time", e.time().toString());
            n.put("detail", e.detail());
        }
        loss.ifPresent(l -> {
            ObjectNode n = root.putObject("loss");
            n.put("site", l.site());
            n.put("bytes", l.bytes());
            n.put("millis", l.time().toMillis());
            n.put("basis", l.basis());
        });
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses the JSON form.
     *
     * @throws IllegalArgumentException when the bytes are not a journal this version can read, naming the field
     */
    public static FailoverJournal fromJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("failover journal is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("failover journal is not a JSON object");
        }
        int version = root.path("version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("failover journal has format version " + version + "; this library reads version "
                    + FORMAT_VERSION + " (upgrade the library on every instance that shares the lease)");
        }
        List<String> ex = new ArrayList<>();
        array(root, "excludedSites").forEach(n -> ex.add(n.asText()));
        List<Entry> entries = new ArrayList<>();
        for (JsonNode n : array(root, "entries")) {
            entries.add(new Entry(text(n, "step"), text(n, "site"), Status.valueOf(text(n, "status")),
                    Instant.parse(text(n, "time")), text(n, "detail")));
        }
        return new FailoverJournal(text(root, "runId"), text(root, "plan"), text(root, "kind"), text(root, "holder"),
                root.path("token").asLong(), text(root, "failedSite"), text(root, "candidate"),
                text(root, "activeSite"), ex, State.valueOf(text(root, "state")), root.path("forced").asBoolean(),
                Instant.parse(text(root, "outageStartedAt")), Instant.parse(text(root, "detectedAt")),
                Instant.parse(text(root, "updatedAt")), entries, loss(root.get("loss")));
    }

    /** The optional loss estimate; journals written before it existed have none. */
    private static Optional<Loss> loss(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isObject() || !n.path("bytes").canConvertToLong() || !n.path("millis").canConvertToLong()) {
            throw new IllegalArgumentException("failover journal field 'loss' must be an object with site, bytes, millis and basis");
        }
        return Optional.of(new Loss(text(n, "site"), n.get("bytes").asLong(), Duration.ofMillis(n.get("millis").asLong()), text(n, "basis")));
    }

    private static JsonNode array(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException("failover journal field '" + field + "' is missing or not an array");
        }
        return n;
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("failover journal field '" + field + "' is missing or not text");
        }
        return n.asText();
    }
}
