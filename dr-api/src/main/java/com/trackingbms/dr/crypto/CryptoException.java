package com.trackingbms.dr.crypto;

import java.io.IOException;

/** Base of the errors found while decrypting a backup; each subclass names one cause. Never carries key material. */
public class CryptoException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what is wrong and what to do. */
    public CryptoException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
