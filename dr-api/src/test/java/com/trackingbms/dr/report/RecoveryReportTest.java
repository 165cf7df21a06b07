package com.trackingbms.dr.report;

import static com.trackingbms.dr.report.ReportFixtures.OBJECTIVES;
import static com.trackingbms.dr.report.ReportFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.RestoreRequest;
import com.trackingbms.dr.failover.DataLoss;
import com.trackingbms.dr.runbook.DisasterType;
import com.trackingbms.dr.runbook.RestorePoint;
import com.trackingbms.dr.runbook.RunbookResult;
import com.trackingbms.dr.runbook.StepKind;
import com.trackingbms.dr.runbook.StepRecord;
import com.trackingbms.dr.runbook.TargetEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

/** Reports parsed back: the HTML with jsoup, the JSON with Jackson; verdicts come from the numbers. */
class RecoveryReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Element objectiveRow(Document doc, String name) {
        Element row = doc.selectFirst("#objectives tr[data-objective=\"" + name + "\"]");
        assertThat(row).as("objective row " + name).isNotNull();
        return row;
    }

    @Test
    void failoverWithinObjectivesPassesAndAnUnknownLossIsNotMeasured() throws Exception {
        RecoveryReport report = RecoveryReport.failover(ReportFixtures.failover(Duration.ofSeconds(130),
                DataLoss.unknown("standby position unknown"), ReportFixtures.validation(1, "HTTP 503")));
        Document doc = Jsoup.parse(report.toHtml());

        assertThat(doc.title()).isEqualTo("Failover montreal -> toronto");
        assertThat(doc.select("#status").text()).isEqualTo("SUCCEEDED");
        Element rto = objectiveRow(doc, "RTO");
        assertThat(rto.attr("data-target")).isEqualTo("900000");
        assertThat(rto.attr("data-measured")).isEqualTo("130000");
        assertThat(rto.select("td").get(2).text()).isEqualTo("2m10s");
        assertThat(rto.select("td.verdict").hasClass("pass")).isTrue();
        Element rpo = objectiveRow(doc, "RPO");
        assertThat(rpo.select("td.verdict").hasClass("not-measured")).isTrue();
        assertThat(rpo.select("td").get(2).text()).isEqualTo("not measured");
        assertThat(rpo.text()).doesNotContain("\u2714");
        Element rate = objectiveRow(doc, "validation success rate");
        assertThat(rate.attr("data-measured")).isEqualTo("95");
        assertThat(rate.select("td.verdict").hasClass("pass")).isTrue();
        assertThat(objectiveRow(doc, "availability").select("td.verdict").hasClass("not-measured")).isTrue();

        // Timeline: one group per timeline entry, each lasting since the previous entry.
        Elements groups = doc.select("#timeline svg g.step");
        assertThat(groups).hasSize(7);
        assertThat(groups.eachAttr("data-duration-ms")).containsExactly("0", "90000", "5000", "5000", "10000", "20000", "1000");
        assertThat(doc.selectFirst("#timeline svg").attr("data-span-ms")).isEqualTo("131000");
        // Bars scale with the duration: the 90 s detection bar is 90/131 of the 560 px bar area.
        double detectionWidth = Double.parseDouble(groups.get(1).selectFirst("rect").attr("width"));
        assertThat(detectionWidth).isCloseTo(90.0 / 131 * 560, org.assertj.core.data.Offset.offset(0.01));

        Elements categories = doc.select("#categories tbody tr");
        assertThat(categories.eachAttr("data-category")).containsExactly("database", "application", "performance", "security");
        assertThat(doc.select("#categories tr[data-category=application] td").eachText()).containsExactly("application", "4", "5", "80.0 %");
        assertThat(doc.select("#validation-overall").text()).isEqualTo("19/20 passed, 95.0 % >= 95.0 %");
        assertThat(doc.select("#next-steps li").eachText()).containsExactly(
                "Recover montreal: rejoin montreal as a standby of toronto",
                "Fix failed check application/application check 0: HTTP 503");
    }

    @Test
    void verdictsFollowTheNumbers() throws Exception {
        RecoveryReport report = RecoveryReport.failover(ReportFixtures.failover(Duration.ofMinutes(20),
                DataLoss.of(4096, Duration.ofSeconds(2), "replay lag"), ReportFixtures.validation(2, "timed out after 5s")));
        Document doc = Jsoup.parse(report.toHtml());
        assertThat(objectiveRow(doc, "RTO").select("td.verdict").text()).isEqualTo("\u2718 fail");
        assertThat(objectiveRow(doc, "RPO").select("td.verdict").text()).isEqualTo("\u2714 pass");
        assertThat(objectiveRow(doc, "RPO").attr("data-measured")).isEqualTo("2000");
        assertThat(objectiveRow(doc, "validation success rate").select("td.verdict").hasClass("fail")).isTrue();
        assertThat(report.nextSteps()).anyMatch(s -> s.startsWith("RTO missed its objective: measured 20m, objective <= 15m"))
                .anyMatch(s -> s.startsWith("validation success rate missed its objective: measured 90.00 %"));
        // Exactly on the objective is a pass; one millisecond over is a fail.
        assertThat(ObjectiveRow.atMost("RTO", Duration.ofMinutes(15), Optional.of(Duration.ofMinutes(15)), "").verdict())
                .isEqualTo(ObjectiveRow.Verdict.PASS);
        assertThat(ObjectiveRow.atMost("RTO", Duration.ofMinutes(15), Optional.of(Duration.ofMinutes(15).plusMillis(1)), "").verdict())
                .isEqualTo(ObjectiveRow.Verdict.FAIL);
    }

    @Test
    void jsonCarriesNumbersAndNullsForWhatWasNotMeasured() throws Exception {
        RecoveryReport report = RecoveryReport.drill(ReportFixtures.failover(Duration.ofSeconds(130),
                DataLoss.unknown("no position"), ReportFixtures.validation(0, "")));
        JsonNode json = JSON.readTree(report.toJson());
        assertThat(json.path("kind").asText()).isEqualTo("drill");
        assertThat(json.path("title").asText()).isEqualTo("Drill: Failover montreal -> toronto");
        JsonNode rto = json.path("objectives").get(0);
        assertThat(rto.path("name").asText()).isEqualTo("RTO");
        assertThat(rto.path("objective").asDouble()).isEqualTo(900000.0);
        assertThat(rto.path("measured").asDouble()).isEqualTo(130000.0);
        assertThat(rto.path("verdict").asText()).isEqualTo("pass");
        JsonNode rpo = json.path("objectives").get(1);
        assertThat(rpo.path("measured").isNull()).isTrue();
        assertThat(rpo.path("verdict").asText()).isEqualTo("not measured");
        assertThat(json.path("steps")).hasSize(7);
        assertThat(json.path("steps").get(3).path("durationMs").asLong()).isEqualTo(5000);
        assertThat(json.path("validation").path("categories").get(1).path("successRate").asDouble()).isEqualTo(100.0);
        assertThat(json.path("durationMs").asLong()).isEqualTo(131000);
    }

    @Test
    void everythingIsEscapedAndThePageFetchesNothing() {
        String hostile = "<script>alert('x')</script> & \"quoted\" <img src=x onerror=alert(1)>";
        RecoveryReport report = RecoveryReport.failover(ReportFixtures.failover(Duration.ofSeconds(130),
                DataLoss.unknown(hostile), ReportFixtures.validation(1, hostile))).withNextSteps(hostile);
        String html = report.toHtml();
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("img")).isEmpty();
        assertThat(doc.select("[src], [href], link, iframe, object")).isEmpty();
        assertThat(doc.select("#next-steps li").last().text()).isEqualTo(hostile);
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;");
    }

    @Test
    void secretsThatLeakedIntoDetailsAreRedacted() throws Exception {
        Secret password = Secret.of("hunter2-db-password");
        RecoveryReport report = RecoveryReport.failover(ReportFixtures.failover(Duration.ofSeconds(130),
                DataLoss.unknown("n/a"), ReportFixtures.validation(1, "login as app:hunter2-db-password refused")))
                .redacting(List.of(password));
        assertThat(report.toHtml()).doesNotContain("hunter2").contains("login as app:&lt;hidden&gt; refused");
        assertThat(report.toJson()).doesNotContain("hunter2");
        assertThat(report.validation().get().failures().get(0).detail()).isEqualTo("login as app:<hidden> refused");
    }

    @Test
    void aFailedRunbookShowsWhatRanAndWhatDidNot() {
        Instant t = T0;
        RunbookResult r = new RunbookResult("rb-1", "trackingbms total outage", DisasterType.TOTAL_OUTAGE, TargetEnvironment.DRILL,
                RestorePoint.latest(), Optional.empty(), t, t.plusSeconds(42), List.of(
                new StepRecord(1, "provision infrastructure", StepKind.PROVISION, true, StepRecord.Status.FAILED,
                        Optional.of(t), Optional.of(t.plusSeconds(42)), "TerraformException: terraform plan failed", Map.of()),
                new StepRecord(2, "restore database", StepKind.RESTORE_DATABASE, true, StepRecord.Status.NOT_RUN,
                        Optional.empty(), Optional.empty(), "not run: an earlier step failed", Map.of()),
                new StepRecord(3, "validate recovery", StepKind.VALIDATE, false, StepRecord.Status.NOT_RUN,
                        Optional.empty(), Optional.empty(), "not run: an earlier step failed", Map.of())),
                List.of(), Optional.empty());
        RecoveryReport report = RecoveryReport.runbook(r, OBJECTIVES, Optional.of(t.minusSeconds(300)));
        Document doc = Jsoup.parse(report.toHtml());
        assertThat(doc.select("#status").text()).isEqualTo("FAILED");
        assertThat(objectiveRow(doc, "RTO").select("td.verdict").hasClass("not-measured")).isTrue();
        assertThat(objectiveRow(doc, "RPO").select("td.verdict").hasClass("not-measured")).isTrue();
        Elements groups = doc.select("#timeline svg g.step");
        assertThat(groups.eachAttr("class")).containsExactly("step failed", "step not-run", "step not-run");
        assertThat(groups.get(1).select("rect")).isEmpty();
        assertThat(groups.get(1).text()).contains("not run");
        assertThat(doc.select("#steps tbody tr").get(0).select("td").eachText())
                .containsExactly("1", "provision infrastructure", "failed", "42s", "TerraformException: terraform plan failed");
        assertThat(doc.select("#validation p").text()).isEqualTo("No validation ran.");
        assertThat(report.nextSteps()).containsExactly("Resolve step 1 'provision infrastructure' (TerraformException: "
                + "terraform plan failed), then rerun the runbook; 2 later steps did not run.");
    }

    @Test
    void aSucceededRunbookMeasuresRtoToValidationAndRpoFromTheRestoredBackup() {
        Instant outage = T0;
        Instant start = T0.plusSeconds(60);
        BackupManifest backup = ReportFixtures.manifest("20261126T095700Z-full-aaaaaa", T0.minusSeconds(240), Duration.ofSeconds(60));
        RunbookResult r = new RunbookResult("rb-2", "outage", DisasterType.TOTAL_OUTAGE, TargetEnvironment.STAGING,
                RestorePoint.latest(), Optional.empty(), start, start.plusSeconds(400), List.of(
                new StepRecord(1, "restore database", StepKind.RESTORE_DATABASE, true, StepRecord.Status.COMPLETED,
                        Optional.of(start), Optional.of(start.plusSeconds(300)), "restored", Map.of()),
                new StepRecord(2, "validate recovery", StepKind.VALIDATE, false, StepRecord.Status.COMPLETED,
                        Optional.of(start.plusSeconds(300)), Optional.of(start.plusSeconds(400)), "20/20", Map.of())),
                List.of(backup), Optional.of(ReportFixtures.validation(0, "")));
        RecoveryReport report = RecoveryReport.runbook(r, OBJECTIVES, Optional.of(outage));
        // RTO: outage T0 to validation end T0+460 s; RPO: backup finished at T0-180 s, outage at T0.
        assertThat(report.objectives().get(0).measured().getAsDouble()).isEqualTo(460_000.0);
        assertThat(report.objectives().get(0).verdict()).isEqualTo(ObjectiveRow.Verdict.PASS);
        assertThat(report.objectives().get(1).measured().getAsDouble()).isEqualTo(180_000.0);
        assertThat(report.objectives().get(1).verdict()).isEqualTo(ObjectiveRow.Verdict.PASS);
        Document doc = Jsoup.parse(report.toHtml());
        assertThat(doc.select("#timeline svg g.step").eachAttr("data-duration-ms")).containsExactly("300000", "100000");
        assertThat(doc.select("#next-steps p").text()).startsWith("No follow-up actions");
        // Without the outage start, RTO counts from the runbook's start and says so.
        RecoveryReport noStart = RecoveryReport.runbook(r, OBJECTIVES, Optional.empty());
        assertThat(noStart.objectives().get(0).measured().getAsDouble()).isEqualTo(400_000.0);
        assertThat(noStart.objectives().get(0).note()).contains("outage start not given");
        assertThat(noStart.objectives().get(1).verdict()).isEqualTo(ObjectiveRow.Verdict.NOT_MEASURED);
    }

    @Test
    void backupAndRestoreReports() throws Exception {
        BackupManifest previous = ReportFixtures.manifest("20261126T060000Z-full-aaaaaa", T0.minusSeconds(4 * 3600), Duration.ofSeconds(30));
        BackupManifest latest = ReportFixtures.manifest("20261126T100000Z-full-bbbbbb", T0, Duration.ofSeconds(30));
        RecoveryReport backup = RecoveryReport.backup(latest, Optional.of(previous), OBJECTIVES);
        Document doc = Jsoup.parse(backup.toHtml());
        // A backup every 4 h cannot meet a 5 min RPO.
        assertThat(objectiveRow(doc, "RPO (backup interval)").attr("data-measured")).isEqualTo("14400000");
        assertThat(objectiveRow(doc, "RPO (backup interval)").select("td.verdict").hasClass("fail")).isTrue();
        assertThat(doc.select("#details tr").eachText()).contains("sha-256 " + "ab".repeat(32), "key id k1", "ratio 4.00",
                "position start_lsn 0/3000028");
        assertThat(RecoveryReport.backup(latest, Optional.empty(), OBJECTIVES).objectives().get(0).verdict())
                .isEqualTo(ObjectiveRow.Verdict.NOT_MEASURED);

        RecoveryReport restore = RecoveryReport.restore(RestoreRequest.latest(), List.of(latest), T0.plusSeconds(600),
                T0.plusSeconds(720), OBJECTIVES, Optional.of(T0.plusSeconds(270)));
        JsonNode json = JSON.readTree(restore.toJson());
        assertThat(json.path("objectives").get(0).path("measured").asDouble()).isEqualTo(120_000.0);
        assertThat(json.path("objectives").get(0).path("verdict").asText()).isEqualTo("pass");
        // The backup finished at T0+30 s and the incident was at T0+270 s: 4 min of data, within 5 min.
        assertThat(json.path("objectives").get(1).path("measured").asDouble()).isEqualTo(240_000.0);
        assertThat(json.path("objectives").get(1).path("verdict").asText()).isEqualTo("pass");
        assertThat(json.path("details").path("request").asText()).isEqualTo("the latest backup");
    }
}
