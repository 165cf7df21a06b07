package com.trackingbms.dr.crypto.internal;

import com.trackingbms.dr.crypto.DataKey;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.crypto.UnknownKeyException;
import java.io.IOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * Resolves each backup key once for the life of one operation: a restore reads every object twice (verify, then
 * decrypt), and resolving means an Argon2id derivation or a KMS unwrap call. Meant to be short-lived, so derived keys
 * do not outlive the restore that needed them.
 */
public final class MemoizingKeyProvider implements KeyProvider {

    private final KeyProvider keys;
    private final Map<String, DataKey> resolved = new HashMap<>();

    /** Wraps {@code keys}. */
    public MemoizingKeyProvider(KeyProvider keys) {
        this.keys = keys;
    }

    @Override
    public String currentKeyId() {
        return keys.currentKeyId();
    }

    @Override
    public SecretKey key(String keyId) throws UnknownKeyException {
        return keys.key(keyId);
    }

    @Override
    public DataKey newDataKey() throws IOException {
        return keys.newDataKey();
    }

    @Override
    public synchronized DataKey resolve(String keyId, byte[] parameters) throws IOException {
        // The id alone is not enough: passphrase and envelope keys differ per backup by their parameters.
        String cacheKey = keyId + '\u0000' + HexFormat.of().formatHex(parameters);
        DataKey key = resolved.get(cacheKey);
        if (key == null) {
            key = keys.resolve(keyId, parameters);
            resolved.put(cacheKey, key);
        }
        return key;
    }

    @Override
    public String describe() {
        return keys.describe();
    }

    @Override
    public String toString() {
        return "KeyProvider[" + describe() + "]";
    }
}
