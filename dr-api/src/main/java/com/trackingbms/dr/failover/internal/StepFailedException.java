package com.trackingbms.dr.failover.internal;

/** A step failed after all its attempts; the message says what, how often and the last cause. */
public final class StepFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public StepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
