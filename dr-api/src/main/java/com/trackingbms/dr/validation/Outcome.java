package com.trackingbms.dr.validation;

import java.util.Objects;

/**
 * What a {@link Check} returns: passed or not, with a detail that says what was found.
 *
 * @param passed whether the check held
 * @param detail what was found
 */
public record Outcome(boolean passed, String detail) {

    /** Checks the detail is present. */
    public Outcome {
        Objects.requireNonNull(detail, "detail");
    }

    /** A passing outcome. */
    public static Outcome pass(String detail) {
        return new Outcome(true, detail);
    }

    /** A failing outcome. */
    public static Outcome fail(String detail) {
        return new Outcome(false, detail);
    }
}
