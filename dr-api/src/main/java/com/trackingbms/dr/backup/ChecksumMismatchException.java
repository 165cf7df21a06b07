package com.trackingbms.dr.backup;

import java.io.IOException;

/** The stored object's size or SHA-256 differs from its manifest: it was altered, truncated or replaced. */
public class ChecksumMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception naming the backup, the expected and the actual values. */
    public ChecksumMismatchException(String message) {
        super(message);
    }
}
