package com.trackingbms.dr.backup;

/** Factories for the grandfather-father-son rules given to {@link BackupStrategy.Spec#retention(Retention.Rule...)}. */
public final class Retention {

    private Retention() {
    }

    /** The calendar period a rule keeps one backup of. */
    public enum Period {
        /** One backup a day. */
        DAILY,
        /** One backup an ISO week. */
        WEEKLY,
        /** One backup a month. */
        MONTHLY,
        /** One backup a year. */
        YEARLY
    }

    /**
     * Keep the newest backup of each of the last {@code count} periods.
     *
     * @param period the calendar period
     * @param count how many periods, 0 or more
     */
    public record Rule(Period period, int count) {
    }

    /** Keep one backup a day for {@code count} days. */
    public static Rule daily(int count) {
        return new Rule(Period.DAILY, count);
    }

    /** Keep one backup a week for {@code count} weeks. */
    public static Rule weekly(int count) {
        return new Rule(Period.WEEKLY, count);
    }

    /** Keep one backup a month for {@code count} months. */
    public static Rule monthly(int count) {
        return new Rule(Period.MONTHLY, count);
    }

    /** Keep one backup a year for {@code count} years. */
    public static Rule yearly(int count) {
        return new Rule(Period.YEARLY, count);
    }
}
