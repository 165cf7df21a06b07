package com.trackingbms.dr.testkit.drill;

/** A drill could not be run as set up (the write load never worked, the fault could not be injected). */
public final class DrillException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message saying what went wrong and what to check. */
    public DrillException(String message, Throwable cause) {
        super(message, cause);
    }
}
