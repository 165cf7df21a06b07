package com.trackingbms.dr.crypto;

import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * The key that encrypts one backup, with the public parameters stored in the backup's header to find it again
 * (a passphrase's KDF salt and cost, or a data key wrapped by a KMS).
 *
 * @param keyId the id recorded in the header and manifest
 * @param key the 256-bit AES key
 * @param parameters public, non-secret parameters stored in the header (may be empty)
 */
public record DataKey(String keyId, SecretKey key, byte[] parameters) {

    /** Checks the parts and copies the parameters. */
    public DataKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(key, "key");
        parameters = parameters.clone();
        if (key.getEncoded() == null || key.getEncoded().length != 32) {
            throw new IllegalArgumentException("key '" + keyId + "' must be 256 bits (32 bytes) for AES-256");
        }
    }

    /** A copy of the header parameters. */
    @Override
    public byte[] parameters() {
        return parameters.clone();
    }

    /** Never shows key material. */
    @Override
    public String toString() {
        return "DataKey[" + keyId + ", key hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataKey other && keyId.equals(other.keyId) && java.util.Arrays.equals(parameters, other.parameters)
                && java.security.MessageDigest.isEqual(key.getEncoded(), other.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }
}
