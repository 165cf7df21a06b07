package com.trackingbms.dr.backup;

import com.trackingbms.dr.backup.internal.GfsRetention;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Grandfather-father-son retention: how many daily, weekly, monthly and yearly backups to keep. A backup that a kept
 * one depends on is always kept too, and so is the newest backup.
 *
 * <p>A rule {@code daily(n)} keeps the newest backup of each of the {@code n} calendar days ending today (in the
 * policy's zone); weekly uses ISO weeks (Monday first), monthly and yearly calendar months and years.
 *
 * <p>Counts are not range-checked here, so the plan builder can report every bad count with its path at once; a
 * count below 0 keeps nothing, like 0.
 *
 * @param daily days to keep one backup of
 * @param weekly weeks to keep one backup of
 * @param monthly months to keep one backup of
 * @param yearly years to keep one backup of
 */
public record RetentionPolicy(int daily, int weekly, int monthly, int yearly) {

    /** Keeps everything: no rule given. */
    public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(Integer.MAX_VALUE, 0, 0, 0);

    /** Whether this is {@link #KEEP_ALL}. */
    public boolean keepsAll() {
        return daily == Integer.MAX_VALUE;
    }

    /** The count for one period. */
    public int count(Retention.Period period) {
        return switch (period) {
            case DAILY -> daily;
            case WEEKLY -> weekly;
            case MONTHLY -> monthly;
            case YEARLY -> yearly;
        };
    }

    /**
     * Decides which backups to keep and which to delete, and why; pure, touches nothing.
     *
     * @param backups every listed backup
     * @param now the current time (from the caller's clock)
     * @param zone the zone whose calendar days, weeks, months and years the rules count
     */
    public RetentionPlan evaluate(List<BackupManifest> backups, Instant now, ZoneId zone) {
        return GfsRetention.evaluate(this, backups, now, zone);
    }

    /** "30 daily, 12 weekly, 12 monthly, 7 yearly", or "keep all". */
    public String describe() {
        return keepsAll() ? "keep all"
                : daily + " daily, " + weekly + " weekly, " + monthly + " monthly, " + yearly + " yearly";
    }
}
