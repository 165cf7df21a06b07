package com.trackingbms.dr.backup;

import java.io.IOException;

/** An archive entry would land outside the restore directory (absolute path, {@code ..}, or through a symlink). */
public class UnsafeArchiveEntryException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception naming the entry and the rule it breaks. */
    public UnsafeArchiveEntryException(String message) {
        super(message);
    }
}
