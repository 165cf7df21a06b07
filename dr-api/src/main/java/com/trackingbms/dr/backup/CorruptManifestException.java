package com.trackingbms.dr.backup;

import java.io.IOException;

/** A manifest cannot be read: invalid JSON, a missing field, or a manifest format newer than this library. */
public class CorruptManifestException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception naming the manifest and the problem. */
    public CorruptManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
