package com.trackingbms.dr.crypto;

/** Encrypted data ends before its authenticated end marker: the object was cut short. */
public class TruncatedDataException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message saying where the data ends. */
    public TruncatedDataException(String message) {
        super(message);
    }
}
