package com.trackingbms.dr.crypto;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.crypto.internal.EnvelopeKeyProvider;
import com.trackingbms.dr.crypto.internal.PassphraseKeyProvider;
import com.trackingbms.dr.crypto.internal.RotatingKeyProvider;
import com.trackingbms.dr.crypto.internal.StaticKeyProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Factories of {@link KeyProvider}s. */
public final class KeyProviders {

    private KeyProviders() {
    }

    /** Keys derived from a passphrase with Argon2id ({@link Argon2Parameters#DEFAULT}); a fresh salt per backup. */
    public static KeyProvider passphrase(String keyId, Secret passphrase) {
        return passphrase(keyId, passphrase, Argon2Parameters.DEFAULT);
    }

    /** Keys derived from a passphrase with Argon2id at the given cost; a fresh salt per backup, stored in its header. */
    public static KeyProvider passphrase(String keyId, Secret passphrase, Argon2Parameters cost) {
        return new PassphraseKeyProvider(checkId(keyId), Objects.requireNonNull(passphrase, "passphrase"),
                Objects.requireNonNull(cost, "cost"));
    }

    /** A fixed 256-bit key, written as 64 hex digits or base64 of 32 bytes. */
    public static KeyProvider key(String keyId, Secret keyText) {
        Objects.requireNonNull(keyText, "keyText");
        return new StaticKeyProvider(checkId(keyId), () -> keyText, "a key given in code");
    }

    /** A 256-bit key read from an environment variable (64 hex digits or base64) when first needed. */
    public static KeyProvider fromEnv(String keyId, String variable) {
        Objects.requireNonNull(variable, "variable");
        return new StaticKeyProvider(checkId(keyId), () -> Secret.fromEnv(variable), "environment variable " + variable);
    }

    /** A 256-bit key read from a file (32 raw bytes, 64 hex digits or base64) when first needed. */
    public static KeyProvider fromFile(String keyId, Path file) {
        Objects.requireNonNull(file, "file");
        return new StaticKeyProvider(checkId(keyId), () -> StaticKeyProvider.readKeyFile(file), "key file " + file);
    }

    /** Envelope encryption: a random data key per backup, wrapped by a key-management service. */
    public static KeyProvider envelope(EnvelopeKeyService service) {
        return new EnvelopeKeyProvider(Objects.requireNonNull(service, "service"));
    }

    /**
     * Key rotation: new backups use {@code current}; backups made under the ids of {@code previous} providers still
     * restore.
     */
    public static KeyProvider rotating(KeyProvider current, KeyProvider... previous) {
        Objects.requireNonNull(current, "current");
        for (KeyProvider p : previous) {
            Objects.requireNonNull(p, "previous provider");
        }
        return new RotatingKeyProvider(current, List.of(previous));
    }

    private static String checkId(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.isBlank() || keyId.length() > 200 || !keyId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("key id '" + keyId + "' must be 1-200 printable ASCII characters without spaces, e.g. 'backup-2026'");
        }
        return keyId;
    }
}
