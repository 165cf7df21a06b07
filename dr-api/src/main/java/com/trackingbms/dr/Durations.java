package com.trackingbms.dr;

import java.time.Duration;

/** Formats durations the way plans and reports write them: {@code 5m}, {@code 24h}, {@code 1h30m}, {@code 250ms}. */
public final class Durations {

    private Durations() {
    }

    /**
     * Returns {@code value} when it is present and strictly positive; otherwise throws with a message that names the
     * setting, the value given and an example. Builders of timeouts and intervals share this one check.
     */
    public static Duration requirePositive(Duration value, String field, String example) {
        if (value == null) {
            throw new NullPointerException(field + " is null; give a positive duration, e.g. " + example);
        }
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " " + format(value) + " is not positive; give a positive duration, e.g. " + example);
        }
        return value;
    }

    /** Compact human form of a duration; negative values keep their sign. */
    public static String format(Duration d) {
        if (d == null) {
            return "unset";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms == 0 ? d.toNanos() / 1000 + "us" : ms + "ms";
        }
        StringBuilder sb = new StringBuilder();
        // "24h" reads better than "1d" for sync intervals; whole days only from two days up ("7d").
        long days = d.toDays() >= 2 ? d.toDays() : 0;
        long hours = days > 0 ? d.toHoursPart() : d.toHours();
        long minutes = d.toMinutesPart();
        long seconds = d.toSecondsPart();
        long millis = d.toMillisPart();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        if (seconds > 0 || millis > 0) {
            sb.append(seconds);
            if (millis > 0) {
                sb.append('.').append(String.format(java.util.Locale.ROOT, "%03d", millis).replaceAll("0+$", ""));
            }
            sb.append('s');
        }
        return sb.toString();
    }
}
