package com.trackingbms.dr.postgres.backup;

/**
 * Segments missing from the archive between two that are there: a restore cannot replay past {@code firstMissing}.
 *
 * @param timeline the timeline
 * @param firstMissing the first missing segment's name
 * @param lastMissing the last missing segment's name
 * @param count how many segments are missing
 */
public record WalGap(int timeline, String firstMissing, String lastMissing, long count) {

    /** One line for alerts and logs. */
    public String describe() {
        return count + " WAL segment(s) missing on timeline " + timeline + ": " + firstMissing
                + (count > 1 ? " .. " + lastMissing : "");
    }
}
