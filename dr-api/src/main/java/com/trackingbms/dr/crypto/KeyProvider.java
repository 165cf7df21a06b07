package com.trackingbms.dr.crypto;

import java.io.IOException;

/**
 * Supplies the keys that encrypt backups. Every backup records the id of the key that encrypted it (and the public
 * parameters to derive or unwrap it), so rotating keys keeps old backups restorable as long as the provider can
 * still resolve their ids. Implementations are in {@link KeyProviders}; KMS envelope keys plug in through
 * {@link EnvelopeKeyService}.
 */
public interface KeyProvider {

    /** The id of the key that new backups are encrypted with. */
    String currentKeyId();

    /** A key for one new backup, under {@link #currentKeyId()}, with the parameters to store in its header. */
    DataKey newDataKey() throws IOException;

    /**
     * The key of an existing backup, from the id and parameters in its header.
     *
     * @throws UnknownKeyException when this provider has no key of that id
     * @throws UnsupportedFormatException when the parameters are not ones this provider writes
     */
    DataKey resolve(String keyId, byte[] parameters) throws IOException;

    /** Where keys come from, without any key material ("passphrase, key id k1"). */
    String describe();
}
