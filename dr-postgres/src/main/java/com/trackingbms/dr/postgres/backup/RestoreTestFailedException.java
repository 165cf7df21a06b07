package com.trackingbms.dr.postgres.backup;

/** An automated restore test failed: the backup could not be restored, or the restored data failed validation. */
public final class RestoreTestFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient RestoreTestResult result;

    /** Creates the exception for a recorded result. */
    public RestoreTestFailedException(RestoreTestResult result, Throwable cause) {
        super("restore test of backup " + result.backupId() + " failed: " + result.detail(), cause);
        this.result = result;
    }

    /** The recorded result. */
    public RestoreTestResult result() {
        return result;
    }
}
