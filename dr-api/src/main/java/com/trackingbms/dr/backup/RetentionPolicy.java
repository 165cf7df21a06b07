package com.trackingbms.dr.backup;

/**
 * Grandfather-father-son retention: how many daily, weekly, monthly and yearly backups to keep. A backup that a kept
 * one depends on is always kept too.
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

    /** "30 daily, 12 weekly, 12 monthly, 7 yearly", or "keep all". */
    public String describe() {
        return keepsAll() ? "keep all"
                : daily + " daily, " + weekly + " weekly, " + monthly + " monthly, " + yearly + " yearly";
    }
}
