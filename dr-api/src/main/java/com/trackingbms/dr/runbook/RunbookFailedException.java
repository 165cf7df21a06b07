package com.trackingbms.dr.runbook;

/** A runbook stopped at a failed step; {@link #result()} says what ran. */
public final class RunbookFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient RunbookResult result;

    /** Creates the exception for a failed run. */
    public RunbookFailedException(RunbookResult result) {
        super(result.summary());
        this.result = result;
    }

    /** The failed run, with every step's record. */
    public RunbookResult result() {
        return result;
    }
}
