package com.trackingbms.dr;

import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.backup.BackupStrategy;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.internal.PlanBuilder;
import com.trackingbms.dr.validation.RecoveryValidator;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A disaster-recovery plan: objectives, sites, the failover chain, backups, validation and alerts. An immutable
 * value, built with {@link #named(String)} and checked as a whole when built, so that a plan that cannot work never
 * exists.
 *
 * <pre>{@code
 * DisasterRecoveryPlan plan = DisasterRecoveryPlan.named("trackingbms")
 *     .objectives(rto(ofMinutes(15)), rpo(ofMinutes(5)), availability(99.99))
 *     .site("montreal", s -> s.primary().database(pg1))
 *     .site("toronto", s -> s.hotStandby().streaming(SYNCHRONOUS).database(pg2))
 *     .failover(chain -> chain.from("montreal").to("toronto"))
 *     .build();
 * }</pre>
 */
public interface DisasterRecoveryPlan {

    /** Starts a plan with the given name. */
    static Builder named(String name) {
        return new PlanBuilder(name);
    }

    /** The plan's name. */
    String name();

    /** RTO, RPO and availability. */
    Objectives objectives();

    /** Sites in declaration order. */
    List<Site> sites();

    /**
     * The site with the given name.
     *
     * @throws IllegalArgumentException when the plan has no such site
     */
    Site site(String name);

    /** The primary site. */
    Site primary();

    /** The failover chain, if the plan declares one. */
    Optional<FailoverChain> failover();

    /** The backup strategy, if the plan declares one. */
    Optional<BackupStrategy> backups();

    /** The recovery validator (with no checks and a 95 % threshold when the plan declares none). */
    RecoveryValidator validator();

    /** Where alerts go. */
    List<AlertSink> alerts();

    /** A readable summary; backup jobs show their next three runs after the clock's now. Never shows secrets. */
    String describe(Clock clock);

    /** {@link #describe(Clock)} with the system clock. */
    default String describe() {
        return describe(Clock.systemUTC());
    }

    /** The plan DSL. Values are recorded as given and checked together by {@link #build()}. */
    interface Builder {

        /** Sets the objectives (see {@link Objective#rto}, {@link Objective#rpo}, {@link Objective#availability}). */
        Builder objectives(Objective... objectives);

        /** Declares a site. */
        Builder site(String name, Consumer<SiteSpec> spec);

        /** Declares the failover chain, starting at the primary. */
        Builder failover(Function<FailoverChain.Start, FailoverChain.Spec> chain);

        /** Declares the backup strategy. */
        Builder backups(Consumer<BackupStrategy.Spec> backups);

        /** Declares the recovery validator. */
        Builder validation(Consumer<RecoveryValidator.Spec> validation);

        /** Adds alert sinks. */
        Builder alerts(AlertSink... sinks);

        /**
         * Checks the whole plan and returns it.
         *
         * @throws PlanValidationException listing every problem with its path and fix
         */
        DisasterRecoveryPlan build();
    }
}
