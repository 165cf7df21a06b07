package com.trackingbms.dr.crypto;

/** Encrypted data failed its authentication tag: it was altered after it was written. */
public class AuthenticationFailedException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the failed chunk. */
    public AuthenticationFailedException(String message) {
        super(message);
    }
}
