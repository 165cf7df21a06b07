package com.trackingbms.dr.store;

import java.io.IOException;

/** The key names no object in the store. */
public class NoSuchObjectException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for the given key and store. */
    public NoSuchObjectException(String key, String store) {
        super("no object '" + key + "' in " + store);
    }
}
