package com.trackingbms.dr.crypto.internal;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.crypto.Argon2Parameters;
import com.trackingbms.dr.crypto.DataKey;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.crypto.UnknownKeyException;
import com.trackingbms.dr.crypto.UnsupportedFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/**
 * Keys derived from a passphrase with Argon2id. The parameters stored in the header are: a type byte (1 = Argon2id),
 * memory KiB, iterations, parallelism, salt length and the salt.
 */
public final class PassphraseKeyProvider implements KeyProvider {

    private static final byte ARGON2ID = 1;
    private static final int SALT = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String keyId;
    private final Secret passphrase;
    private final Argon2Parameters cost;
    // Verify-then-restore derives the same key twice; Argon2 is deliberately slow, so remember a few.
    private final Map<String, SecretKeySpec> recent = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SecretKeySpec> eldest) {
            return size() > 8;
        }
    };

    /** Creates the provider. */
    public PassphraseKeyProvider(String keyId, Secret passphrase, Argon2Parameters cost) {
        if (passphrase.isEmpty()) {
            throw new IllegalArgumentException("passphrase for key id '" + keyId + "' is empty; give a long random passphrase");
        }
        this.keyId = keyId;
        this.passphrase = passphrase;
        this.cost = cost;
    }

    @Override
    public String currentKeyId() {
        return keyId;
    }

    @Override
    public DataKey newDataKey() {
        byte[] salt = new byte[SALT];
        RANDOM.nextBytes(salt);
        ByteBuffer p = ByteBuffer.allocate(1 + 4 + 4 + 1 + 1 + SALT);
        p.put(ARGON2ID).putInt(cost.memoryKib()).putInt(cost.iterations()).put((byte) cost.parallelism()).put((byte) SALT).put(salt);
        byte[] params = p.array();
        return new DataKey(keyId, derive(cost, salt, params), params);
    }

    @Override
    public DataKey resolve(String id, byte[] parameters) throws IOException {
        if (!keyId.equals(id)) {
            throw new UnknownKeyException(id, describe());
        }
        ByteBuffer p = ByteBuffer.wrap(parameters);
        if (parameters.length < 11 || p.get() != ARGON2ID) {
            throw new UnsupportedFormatException("key id '" + id + "' has no Argon2id parameters; it was not made by a passphrase provider");
        }
        Argon2Parameters stored;
        try {
            stored = new Argon2Parameters(p.getInt(), p.getInt(), p.get());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedFormatException("key id '" + id + "' has Argon2id parameters out of range: " + e.getMessage());
        }
        int saltLength = p.get() & 0xff;
        if (saltLength < 8 || p.remaining() != saltLength) {
            throw new UnsupportedFormatException("key id '" + id + "' has a malformed Argon2id salt");
        }
        byte[] salt = new byte[saltLength];
        p.get(salt);
        return new DataKey(keyId, derive(stored, salt, parameters), parameters);
    }

    private SecretKeySpec derive(Argon2Parameters a, byte[] salt, byte[] params) {
        String cacheKey = java.util.HexFormat.of().formatHex(params);
        synchronized (recent) {
            SecretKeySpec cached = recent.get(cacheKey);
            if (cached != null) {
                return cached;
            }
        }
        org.bouncycastle.crypto.params.Argon2Parameters bc = new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(a.memoryKib()).withIterations(a.iterations()).withParallelism(a.parallelism())
                .withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(bc);
        byte[] pass = passphrase.revealBytes();
        byte[] out = new byte[32];
        try {
            generator.generateBytes(pass, out);
            SecretKeySpec key = new SecretKeySpec(out, "AES");
            synchronized (recent) {
                recent.put(cacheKey, key);
            }
            return key;
        } finally {
            Arrays.fill(pass, (byte) 0);
            Arrays.fill(out, (byte) 0);
        }
    }

    /** Always throws: there is no fixed key. */
    @Override
    public javax.crypto.SecretKey key(String id) {
        throw new UnsupportedOperationException("passphrase keys are derived per backup from the salt in its header; use resolve(keyId, parameters)");
    }

    @Override
    public String describe() {
        return "passphrase, key id '" + keyId + "' (Argon2id " + cost.memoryKib() / 1024 + " MiB, " + cost.iterations() + " passes)";
    }

    @Override
    public String toString() {
        return "KeyProvider[" + describe() + "]";
    }
}
