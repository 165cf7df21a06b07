package com.trackingbms.dr;

/** The one TCP port check every builder shares, so each names its field and the range the same way. */
public final class Ports {

    private Ports() {
    }

    /**
     * Returns {@code value} when it is a TCP port (1-65535); otherwise throws an {@link IllegalArgumentException} naming
     * {@code field}, the value and what to give instead ({@code fix}, e.g. "the server's TCP port").
     */
    public static int require(int value, String field, String fix) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(field + " " + value + " is outside 1-65535; give " + fix);
        }
        return value;
    }
}
