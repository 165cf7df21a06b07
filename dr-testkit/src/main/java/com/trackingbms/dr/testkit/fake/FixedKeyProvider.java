package com.trackingbms.dr.testkit.fake;

import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.crypto.UnknownKeyException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Random in-memory AES-256 keys by id, for tests; {@link #rotate(String)} adds a key and makes it current. */
public final class FixedKeyProvider implements KeyProvider {

    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private String current;

    /** A provider with one random key of the given id. */
    public FixedKeyProvider(String keyId) {
        rotate(keyId);
    }

    /** Adds a new random key and makes it current; old keys stay resolvable. */
    public synchronized void rotate(String keyId) {
        byte[] material = new byte[32];
        random.nextBytes(material);
        keys.put(keyId, new SecretKeySpec(material, "AES"));
        current = keyId;
    }

    /** Forgets a key, to test what happens to backups encrypted with it. */
    public synchronized void forget(String keyId) {
        keys.remove(keyId);
    }

    @Override
    public synchronized String currentKeyId() {
        return current;
    }

    @Override
    public synchronized SecretKey key(String keyId) throws UnknownKeyException {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new UnknownKeyException(keyId, describe());
        }
        return key;
    }

    @Override
    public synchronized String describe() {
        return "in-memory test keys " + keys.keySet() + " (current " + current + ")";
    }

    @Override
    public String toString() {
        return "FixedKeyProvider[" + describe() + "]";
    }
}
