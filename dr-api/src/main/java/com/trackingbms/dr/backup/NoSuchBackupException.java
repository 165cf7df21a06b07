package com.trackingbms.dr.backup;

import java.io.IOException;

/** No listed backup matches a restore request (unknown id, missing manifest, nothing before the point in time). */
public class NoSuchBackupException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message saying what was asked for and what to do. */
    public NoSuchBackupException(String message) {
        super(message);
    }
}
