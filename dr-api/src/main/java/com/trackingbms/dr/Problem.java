package com.trackingbms.dr;

import java.util.Objects;

/**
 * One reason a plan cannot work.
 *
 * @param path where in the plan, dotted ({@code sites.vancouver.syncEvery})
 * @param message what is wrong, with the offending value
 * @param fix what to change
 */
public record Problem(String path, String message, String fix) {

    /** Checks that every part is present. */
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }

    /** {@code path: message; fix}. */
    @Override
    public String toString() {
        return path + ": " + message + "; " + fix;
    }
}
