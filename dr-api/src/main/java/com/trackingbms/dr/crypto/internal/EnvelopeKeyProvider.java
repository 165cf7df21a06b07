package com.trackingbms.dr.crypto.internal;

import com.trackingbms.dr.crypto.DataKey;
import com.trackingbms.dr.crypto.EnvelopeKeyService;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.crypto.UnsupportedFormatException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;

/** A random data key per backup, wrapped by an {@link EnvelopeKeyService}; the wrapped key is the header parameter. */
public final class EnvelopeKeyProvider implements KeyProvider {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final EnvelopeKeyService service;

    /** Creates the provider. */
    public EnvelopeKeyProvider(EnvelopeKeyService service) {
        this.service = service;
    }

    @Override
    public String currentKeyId() {
        return service.keyId();
    }

    @Override
    public DataKey newDataKey() throws IOException {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        try {
            byte[] wrapped = service.wrap(key);
            return new DataKey(service.keyId(), new SecretKeySpec(key, "AES"), wrapped);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public DataKey resolve(String keyId, byte[] parameters) throws IOException {
        if (parameters.length == 0) {
            throw new UnsupportedFormatException("key id '" + keyId + "' has no wrapped data key; it was not made by an envelope provider");
        }
        byte[] key = service.unwrap(keyId, parameters);
        try {
            if (key.length != 32) {
                throw new UnsupportedFormatException("the data key unwrapped by " + service.describe() + " is " + key.length + " bytes, not 32");
            }
            return new DataKey(keyId, new SecretKeySpec(key, "AES"), parameters);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Always throws: there is no fixed key. */
    @Override
    public javax.crypto.SecretKey key(String id) {
        throw new UnsupportedOperationException("envelope data keys are random per backup and stored wrapped in its header; use resolve(keyId, parameters)");
    }

    @Override
    public String describe() {
        return "envelope keys from " + service.describe();
    }

    @Override
    public String toString() {
        return "KeyProvider[" + describe() + "]";
    }
}
