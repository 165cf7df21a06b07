package com.trackingbms.dr;

import java.time.Duration;

/**
 * The plan's recovery objectives.
 *
 * @param rto the longest acceptable time from fault to validated service
 * @param rpo the most data, measured in time, that a recovery may lose
 * @param availabilityPercent the availability target, strictly between 0 and 100
 */
public record Objectives(Duration rto, Duration rpo, double availabilityPercent) {

    /** Days in the year that availability budgets are computed over (the convention behind "52.6 minutes a year"). */
    public static final int DAYS_PER_YEAR = 365;

    /** The downtime per year that the availability target allows, derived from the percentage. */
    public Duration downtimeBudgetPerYear() {
        double unavailable = (100.0 - availabilityPercent) / 100.0;
        double nanos = unavailable * Duration.ofDays(DAYS_PER_YEAR).toNanos();
        return Duration.ofNanos(Math.round(nanos));
    }

    /** The downtime budget in human form: minutes below two hours, hours above, one decimal ("52.6 minutes"). */
    public String describeDowntimeBudget() {
        Duration budget = downtimeBudgetPerYear();
        double minutes = budget.toNanos() / 60e9;
        if (minutes < 120) {
            return String.format(java.util.Locale.ROOT, "%.1f minutes a year", minutes);
        }
        double hours = minutes / 60.0;
        if (hours < 48) {
            return String.format(java.util.Locale.ROOT, "%.2f hours a year", hours);
        }
        return String.format(java.util.Locale.ROOT, "%.1f days a year", hours / 24.0);
    }
}
