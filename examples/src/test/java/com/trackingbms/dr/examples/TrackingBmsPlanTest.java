package com.trackingbms.dr.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Activation;
import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.PlanValidationException;
import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.SiteRole;
import com.trackingbms.dr.Sync;
import com.trackingbms.dr.backup.BackupJob;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.testkit.assertions.DrAssertions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * How a service tests its own plan definition: build it with in-memory components and assert on what it says.
 * These run in milliseconds and catch a plan edit that would break the runbook's promises.
 */
class TrackingBmsPlanTest {

    private final DisasterRecoveryPlan plan = TrackingBmsPlan.define(PrintPlan.inMemoryInfrastructure());

    @Test
    void objectivesAreTheRunbooks() {
        assertThat(plan.objectives().rto()).isEqualTo(Duration.ofMinutes(15));
        assertThat(plan.objectives().rpo()).isEqualTo(Duration.ofMinutes(5));
        assertThat(plan.objectives().describeDowntimeBudget()).isEqualTo("52.6 minutes a year");
    }

    @Test
    void montrealFailsOverToTorontoThenVancouver() {
        assertThat(plan.primary().name()).isEqualTo("montreal");
        assertThat(plan.failover().orElseThrow().sites()).containsExactly("montreal", "toronto", "vancouver");
        assertThat(plan.failover().orElseThrow().steps()).extracting(FailoverStep::kind).containsExactly(
                FailoverStep.Kind.FENCE_OLD_PRIMARY, FailoverStep.Kind.GUARD_RPO, FailoverStep.Kind.PROMOTE_DATABASE,
                FailoverStep.Kind.FAILOVER_CACHE, FailoverStep.Kind.REROUTE, FailoverStep.Kind.VALIDATE);
    }

    @Test
    void everyAutomaticStandbyLosesNoMoreThanTheRpoByDesign() {
        for (Site site : plan.sites()) {
            if (site.isPrimary() || site.activation() != Activation.AUTOMATIC) {
                continue;
            }
            Duration loss = site.sync().orElseThrow().worstCaseLoss();
            assertThat(loss).as("worst-case loss of %s", site.name()).isNotNull().isLessThanOrEqualTo(plan.objectives().rpo());
        }
        assertThat(plan.site("toronto").sync()).contains(Sync.streaming(ReplicationMode.SYNCHRONOUS));
    }

    @Test
    void vancouverNeedsAnOperatorAndCarriesThreeQuartersOfTheLoad() {
        Site vancouver = plan.site("vancouver");
        assertThat(vancouver.role()).isEqualTo(SiteRole.WARM_STANDBY);
        assertThat(vancouver.activation()).isEqualTo(Activation.MANUAL);
        assertThat(vancouver.capacityPercent()).isEqualTo(75);
        assertThat(vancouver.provider()).isEqualTo("azure");
    }

    @Test
    void theTestkitAssertionsSayTheSameInOneLine() {
        DrAssertions.assertThat(plan).hasPrimary("montreal").failsOverInOrder("montreal", "toronto", "vancouver")
                .automaticSitesMeetTheRpoByDesign().detectsWithin(Duration.ofMinutes(2))
                .leavesInTheRto(Duration.ofMinutes(10));
    }

    @Test
    void detectionTakesAtLeastOneMinuteAndLeavesRoomInTheRto() {
        var detection = plan.failover().orElseThrow().detection();
        assertThat(detection.minimumDetectionTime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(detection.minimumDetectionTime()).isLessThan(plan.objectives().rto());
    }

    @Test
    void backupsRunWhenTheRunbookSays() {
        var backups = plan.backups().orElseThrow();
        Instant thursdayNoon = Instant.parse("2026-11-26T17:00:00Z");
        assertThat(backups.jobs(BackupJob.Type.FULL_BACKUP).get(0).schedule().nextRuns(thursdayNoon, 1))
                .extracting(ZonedDateTime::toString).containsExactly("2026-11-27T02:00-05:00[America/Toronto]");
        assertThat(backups.jobs(BackupJob.Type.RESTORE_TEST).get(0).schedule().nextRuns(thursdayNoon, 1))
                .extracting(ZonedDateTime::toString).containsExactly("2026-11-29T01:00-05:00[America/Toronto]");
        assertThat(backups.jobs(BackupJob.Type.CLEANUP).get(0).schedule().nextRuns(thursdayNoon, 1))
                .extracting(ZonedDateTime::toString).containsExactly("2026-11-26T23:00-05:00[America/Toronto]");
        assertThat(backups.retention().describe()).isEqualTo("30 daily, 12 weekly, 12 monthly, 7 yearly");
    }

    @Test
    void validationDemandsTheRunbooksNinetyFivePercent() {
        assertThat(plan.validator().threshold()).isEqualTo(95.0);
        assertThat(plan.validator().categories()).extracting(c -> c.name()).contains("database", "infrastructure");
    }

    @Test
    void describeIsReadableAndHasNoSecrets() {
        String text = plan.describe();
        assertThat(text).contains("Failover chain: montreal -> toronto -> vancouver")
                .contains("vancouver: warm-standby on azure canadacentral, capacity 75 %, manual activation, synced every 24h")
                .contains("frankfurt: cold-backup on aws eu-central-1, capacity 100 %, manual activation, synced every 7d")
                .doesNotContain("Secret[");
    }

    @Test
    void makingVancouverAutomaticWouldBreakTheRpoAndIsRejected() {
        assertThatThrownBy(() -> DisasterRecoveryPlan.named("trackingbms")
                .objectives(com.trackingbms.dr.Objective.rto(Duration.ofMinutes(15)),
                        com.trackingbms.dr.Objective.rpo(Duration.ofMinutes(5)),
                        com.trackingbms.dr.Objective.availability(99.99))
                .site("montreal", s -> s.primary())
                .site("vancouver", s -> s.warmStandby().automaticActivation().syncEvery(Duration.ofHours(24)))
                .build())
                .isInstanceOf(PlanValidationException.class)
                .hasMessageContaining("sites.vancouver.syncEvery: 24h cannot meet the plan RPO of 5m for an "
                        + "automatically activated site; make it manual or sync more often");
    }
}
