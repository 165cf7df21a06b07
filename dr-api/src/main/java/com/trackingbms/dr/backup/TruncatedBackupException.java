package com.trackingbms.dr.backup;

/** The stored object is shorter than its manifest says: an upload or copy was cut short. */
public class TruncatedBackupException extends ChecksumMismatchException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception naming the backup and both sizes. */
    public TruncatedBackupException(String message) {
        super(message);
    }
}
