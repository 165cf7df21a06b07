package com.trackingbms.dr.internal;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Objectives;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.backup.BackupJob;
import com.trackingbms.dr.backup.BackupSchedule;
import com.trackingbms.dr.backup.BackupStrategy;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.CheckCategory;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a plan for people. Components are shown by their {@code name()} only, never by {@code toString()}, so
 * a provider that holds credentials cannot leak them here.
 */
final class PlanDescriber {

    private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm zzz", Locale.ROOT);

    private PlanDescriber() {
    }

    static String describe(DisasterRecoveryPlan plan, Clock clock) {
        StringBuilder out = new StringBuilder();
        Objectives o = plan.objectives();
        out.append("Disaster-recovery plan '").append(plan.name()).append("'\n");
        out.append("Objectives: RTO ").append(Durations.format(o.rto())).append(", RPO ").append(Durations.format(o.rpo()))
                .append(", availability ").append(stripZeros(o.availabilityPercent())).append(" % (downtime budget ")
                .append(o.describeDowntimeBudget()).append(")\n");
        out.append("\nSites:\n");
        for (Site s : plan.sites()) {
            out.append("  ").append(s.name()).append(": ").append(s.role().label());
            if (!s.provider().isEmpty() || !s.region().isEmpty()) {
                out.append(" on ").append((s.provider() + " " + s.region()).trim());
            }
            out.append(", capacity ").append(s.capacityPercent()).append(" %, ")
                    .append(s.activation().name().toLowerCase(Locale.ROOT)).append(" activation");
            s.sync().ifPresent(sync -> out.append(", ").append(sync.describe()));
            out.append('\n');
            s.database().ifPresent(d -> out.append("    database: ").append(d.name()).append('\n'));
            s.cache().ifPresent(c -> out.append("    cache: ").append(c.name()).append('\n'));
            if (!s.probes().isEmpty()) {
                out.append("    probes: ").append(s.probes().stream().map(HealthProbe::name).collect(Collectors.joining(", "))).append('\n');
            }
            s.traffic().ifPresent(t -> out.append("    traffic: ").append(t.address()).append('\n'));
        }
        plan.failover().ifPresent(chain -> describeChain(out, chain));
        plan.backups().ifPresent(b -> describeBackups(out, b, clock));
        out.append("\nValidation: threshold ").append(stripZeros(plan.validator().threshold())).append(" %, check timeout ")
                .append(Durations.format(plan.validator().checkTimeout())).append(", ")
                .append(plan.validator().checkCount()).append(" checks\n");
        for (CheckCategory c : plan.validator().categories()) {
            out.append("  ").append(c.name()).append(": ")
                    .append(c.checks().stream().map(Check::name).collect(Collectors.joining(", "))).append('\n');
        }
        if (!plan.alerts().isEmpty()) {
            out.append("\nAlerts: ").append(plan.alerts().stream().map(AlertSink::name).collect(Collectors.joining(", "))).append('\n');
        }
        return out.toString();
    }

    private static void describeChain(StringBuilder out, FailoverChain chain) {
        out.append("\nFailover chain: ").append(String.join(" -> ", chain.sites())).append('\n');
        out.append("  detection: ").append(chain.detection().describe()).append('\n');
        out.append("  cooldown: ").append(Durations.format(chain.cooldown())).append(", failback never automatic\n");
        out.append("  steps:\n");
        int i = 1;
        for (FailoverStep step : chain.steps()) {
            out.append("    ").append(i++).append(". ").append(step.describe())
                    .append(step.kind().destructive() ? " [destructive]" : "").append('\n');
        }
    }

    private static void describeBackups(StringBuilder out, BackupStrategy b, Clock clock) {
        out.append("\nBackups: ").append(b.compression().describe()).append(", encryption ")
                .append(b.encryption().describe()).append(", store ").append(b.store().describe()).append('\n');
        out.append("  retention: ").append(b.retention().describe()).append('\n');
        for (BackupJob job : b.jobs()) {
            BackupSchedule schedule = job.schedule();
            out.append("  ").append(job.type().label()).append(": ").append(schedule.describe()).append("; next: ")
                    .append(schedule.nextRuns(clock.instant(), 3).stream().map(PlanDescriber::formatRun)
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
    }

    private static String formatRun(ZonedDateTime t) {
        return RUN.format(t);
    }

    private static String stripZeros(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
