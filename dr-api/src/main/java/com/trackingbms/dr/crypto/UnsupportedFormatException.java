package com.trackingbms.dr.crypto;

/** The data is not in a format (or format version) this library can read. */
public class UnsupportedFormatException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the format found and the ones supported. */
    public UnsupportedFormatException(String message) {
        super(message);
    }
}
