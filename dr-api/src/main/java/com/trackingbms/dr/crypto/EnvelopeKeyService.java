package com.trackingbms.dr.crypto;

import java.io.IOException;

/**
 * A key-management service that wraps and unwraps data keys with a master key it never reveals (AWS KMS, Azure Key
 * Vault). Use it through {@link KeyProviders#envelope(EnvelopeKeyService)}: each backup gets a fresh random data
 * key, stored wrapped in the backup's header.
 */
public interface EnvelopeKeyService {

    /** The master key's id, recorded in every backup it wraps a key for. */
    String keyId();

    /** Wraps (encrypts) a 32-byte data key under the master key. */
    byte[] wrap(byte[] dataKey) throws IOException;

    /**
     * Unwraps a data key wrapped by {@link #wrap(byte[])} under the master key {@code keyId}.
     *
     * @throws UnknownKeyException when the service does not know that master key
     */
    byte[] unwrap(String keyId, byte[] wrapped) throws IOException;

    /** Where the master key lives, without credentials ("aws-kms arn:..."). */
    String describe();
}
