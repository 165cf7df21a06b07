package com.trackingbms.dr.crypto.internal;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.crypto.UnknownKeyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;

/** One fixed key, from code, an environment variable or a file. */
public final class StaticKeyProvider implements KeyProvider {

    private final String keyId;
    private final Supplier<Secret> source;
    private final String where;
    private volatile SecretKeySpec key;

    /** Creates the provider; the key is read from {@code source} on first use. */
    public StaticKeyProvider(String keyId, Supplier<Secret> source, String where) {
        this.keyId = keyId;
        this.source = source;
        this.where = where;
    }

    /** Reads a key file: 32 raw bytes, or hex/base64 text. */
    public static Secret readKeyFile(Path file) {
        try {
            byte[] raw = Files.readAllBytes(file);
            try {
                if (raw.length == 32) {
                    return Secret.of(java.util.HexFormat.of().formatHex(raw));
                }
                return Secret.of(new String(raw, StandardCharsets.US_ASCII));
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("key file " + file + " does not exist; create it with 'openssl rand -hex 32 > " + file + "'");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            byte[] bytes = KeyTexts.decode(source.get(), where);
            k = new SecretKeySpec(bytes, "AES");
            Arrays.fill(bytes, (byte) 0);
            key = k;
        }
        return k;
    }

    @Override
    public String currentKeyId() {
        return keyId;
    }

    @Override
    public javax.crypto.SecretKey key(String id) throws UnknownKeyException {
        if (!keyId.equals(id)) {
            throw new UnknownKeyException(id, describe());
        }
        return key();
    }

    @Override
    public String describe() {
        return "fixed key '" + keyId + "' from " + where;
    }

    @Override
    public String toString() {
        return "KeyProvider[" + describe() + "]";
    }
}
