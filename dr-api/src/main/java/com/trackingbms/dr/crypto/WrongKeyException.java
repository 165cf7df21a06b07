package com.trackingbms.dr.crypto;

/** The key (or passphrase) for the backup's key id is not the one that encrypted it. */
public class WrongKeyException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for the given key id. */
    public WrongKeyException(String keyId) {
        super("the key for key id '" + keyId + "' does not match the one that encrypted this data"
                + " (wrong passphrase or key file, or the header was altered); supply the original key for that id");
    }
}
