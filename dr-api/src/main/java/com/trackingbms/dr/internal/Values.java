package com.trackingbms.dr.internal;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.Objectives;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.backup.BackupJob;
import com.trackingbms.dr.backup.BackupStrategy;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.backup.RetentionPolicy;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.failover.DetectionPolicy;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.store.ObjectStore;
import com.trackingbms.dr.validation.CheckCategory;
import com.trackingbms.dr.validation.RecoveryValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The immutable values that {@link PlanBuilder} produces. */
final class Values {

    private Values() {
    }

    record Plan(String name, Objectives objectives, List<Site> sites, Optional<FailoverChain> failover,
                Optional<BackupStrategy> backups, RecoveryValidator validator, List<AlertSink> alerts)
            implements DisasterRecoveryPlan {

        Plan {
            sites = List.copyOf(sites);
            alerts = List.copyOf(alerts);
        }

        @Override
        public Site site(String siteName) {
            return sites.stream().filter(s -> s.name().equals(siteName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("plan '" + name + "' has no site '" + siteName
                            + "'; its sites are " + sites.stream().map(Site::name).toList()));
        }

        @Override
        public Site primary() {
            return sites.stream().filter(Site::isPrimary).findFirst().orElseThrow();
        }

        @Override
        public String describe(Clock clock) {
            return PlanDescriber.describe(this, clock);
        }

        @Override
        public String toString() {
            return "DisasterRecoveryPlan[" + name + ", sites " + sites.stream().map(Site::name).toList() + "]";
        }
    }

    record Chain(List<String> sites, DetectionPolicy detection, List<FailoverStep> steps, Duration cooldown)
            implements FailoverChain {
        Chain {
            sites = List.copyOf(sites);
            steps = List.copyOf(steps);
        }
    }

    record Backups(List<BackupJob> jobs, RetentionPolicy retention, Compression compression, Encryption encryption,
                   ObjectStore store) implements BackupStrategy {
        Backups {
            jobs = List.copyOf(jobs);
        }

        @Override
        public String toString() {
            return "BackupStrategy[" + jobs.size() + " jobs, " + retention.describe() + ", " + compression.describe()
                    + ", " + encryption.describe() + "]";
        }
    }

    record Validator(List<CheckCategory> categories, double threshold, Duration checkTimeout)
            implements RecoveryValidator {
        Validator {
            categories = List.copyOf(categories);
        }
    }
}
