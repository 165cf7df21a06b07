package com.trackingbms.dr;

import static com.trackingbms.dr.Objective.availability;
import static com.trackingbms.dr.Objective.rpo;
import static com.trackingbms.dr.Objective.rto;
import static com.trackingbms.dr.backup.Retention.daily;
import static com.trackingbms.dr.backup.Retention.monthly;
import static com.trackingbms.dr.backup.Retention.weekly;
import static com.trackingbms.dr.backup.Retention.yearly;
import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DescribeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-07T12:00:00Z"), ZoneOffset.UTC);

    /** A key provider that would leak if its toString() were ever used. */
    private static final KeyProvider KEYS = new KeyProvider() {
        @Override
        public String currentKeyId() {
            return "k1";
        }

        @Override
        public SecretKey key(String keyId) {
            return new SecretKeySpec(new byte[32], "AES");
        }

        @Override
        public String describe() {
            return "test keys (current k1)";
        }

        @Override
        public String toString() {
            return "passphrase=correct-horse";
        }
    };

    private static DisasterRecoveryPlan plan() {
        return DisasterRecoveryPlan.named("trackingbms")
                .objectives(rto(Duration.ofMinutes(15)), rpo(Duration.ofMinutes(5)), availability(99.99))
                .site("montreal", s -> s.primary().provider("aws").region("us-east-1")
                        .probe(TestComponents.probe("health")).database(TestComponents.database("montreal-pg")))
                .site("toronto", s -> s.hotStandby().streaming(ReplicationMode.SYNCHRONOUS)
                        .database(TestComponents.database("toronto-pg")))
                .failover(c -> c.from("montreal").to("toronto"))
                .backups(b -> b.zone("America/Toronto").full().cron("0 2 * * *").incremental().every(Duration.ofHours(4))
                        .retention(daily(30), weekly(12), monthly(12), yearly(7))
                        .encrypt(Encryption.aes256Gcm(KEYS)).storeIn(TestComponents.store()))
                .build();
    }

    @Test
    void showsSitesChainObjectivesAndBudget() {
        String text = plan().describe(CLOCK);
        assertThat(text)
                .contains("Objectives: RTO 15m, RPO 5m, availability 99.99 % (downtime budget 52.6 minutes a year)")
                .contains("montreal: primary on aws us-east-1, capacity 100 %, automatic activation")
                .contains("toronto: hot-standby, capacity 100 %, automatic activation, synchronous streaming")
                .contains("Failover chain: montreal -> toronto")
                .contains("1. fence-old-primary (timeout 30s, 3 attempts) [destructive]")
                .contains("retention: 30 daily, 12 weekly, 12 monthly, 7 yearly");
    }

    @Test
    void cronJobsShowTheirNextThreeRunsInTheirZoneAcrossADstChange() {
        // 2026-03-08 is the spring-forward day in Toronto: 02:00 does not exist, so that run moves to 03:00 EDT.
        String text = plan().describe(CLOCK);
        assertThat(text).contains("full-backup: cron '0 2 * * *' America/Toronto; next: Sun 2026-03-08 03:00 EDT, "
                + "Mon 2026-03-09 02:00 EDT, Tue 2026-03-10 02:00 EDT");
        assertThat(text).contains("incremental-backup: every 4h; next: Sat 2026-03-07 16:00 UTC, Sat 2026-03-07 20:00 UTC, Sun 2026-03-08 00:00 UTC");
    }

    @Test
    void neverRendersSecretsOrComponentInternals() {
        DisasterRecoveryPlan plan = plan();
        String all = plan.describe(CLOCK) + plan + plan.backups().orElseThrow() + plan.sites();
        assertThat(all).doesNotContain("correct-horse").doesNotContain("hunter2")
                .contains("encryption AES-256-GCM, keys from test keys (current k1)");
    }
}
