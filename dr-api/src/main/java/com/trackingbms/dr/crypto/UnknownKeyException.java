package com.trackingbms.dr.crypto;

/** A backup names a key id that the configured {@link KeyProvider} cannot resolve. */
public class UnknownKeyException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for the given key id (an id is not secret). */
    public UnknownKeyException(String keyId, String providerDescription) {
        super("key id '" + keyId + "' is not known to " + providerDescription
                + "; configure the provider with the key that encrypted this backup (rotated keys must stay resolvable)");
    }
}
