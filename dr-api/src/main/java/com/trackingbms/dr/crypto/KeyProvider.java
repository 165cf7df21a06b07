package com.trackingbms.dr.crypto;

import java.io.IOException;
import javax.crypto.SecretKey;

/**
 * Supplies the keys that encrypt backups. Every backup records the id of the key that encrypted it (and the public
 * parameters to derive or unwrap it), so rotating keys keeps old backups restorable as long as the provider can
 * still resolve their ids. Ready-made providers are in {@link KeyProviders}; KMS envelope keys plug in through
 * {@link EnvelopeKeyService}.
 *
 * <p>A provider of fixed keys implements {@link #currentKeyId()}, {@link #key(String)} and {@link #describe()}; the
 * defaults of {@link #newDataKey()} and {@link #resolve(String, byte[])} use them. A provider that derives or
 * unwraps a key per backup (passphrase, envelope) overrides those two instead.
 */
public interface KeyProvider {

    /** The id of the key that new backups are encrypted with. */
    String currentKeyId();

    /**
     * The fixed 256-bit key with the given id.
     *
     * @throws UnknownKeyException when this provider has no key of that id
     * @throws UnsupportedOperationException when the provider has no fixed keys (passphrase, envelope)
     */
    SecretKey key(String keyId) throws UnknownKeyException;

    /** A key for one new backup, under {@link #currentKeyId()}, with the parameters to store in its header. */
    default DataKey newDataKey() throws IOException {
        String id = currentKeyId();
        return new DataKey(id, key(id), new byte[0]);
    }

    /**
     * The key of an existing backup, from the id and parameters in its header.
     *
     * @throws UnknownKeyException when this provider has no key of that id
     * @throws UnsupportedFormatException when the parameters are not ones this provider writes
     */
    default DataKey resolve(String keyId, byte[] parameters) throws IOException {
        if (parameters.length != 0) {
            throw new UnsupportedFormatException("key id '" + keyId + "' carries key parameters, but " + describe()
                    + " has fixed keys; the backup was made with a passphrase or envelope provider of the same id");
        }
        return new DataKey(keyId, key(keyId), parameters);
    }

    /** Where keys come from, without any key material ("passphrase, key id k1"). */
    String describe();
}
