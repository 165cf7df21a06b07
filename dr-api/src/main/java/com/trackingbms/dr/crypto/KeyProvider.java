package com.trackingbms.dr.crypto;

import javax.crypto.SecretKey;

/**
 * Supplies the keys that encrypt backups. Every backup records the id of the key that encrypted it, so rotating
 * keys keeps old backups restorable as long as the provider can still resolve their ids.
 */
public interface KeyProvider {

    /** The id of the key that new backups are encrypted with. */
    String currentKeyId();

    /**
     * The 256-bit key with the given id.
     *
     * @throws UnknownKeyException when this provider has no key of that id
     */
    SecretKey key(String keyId) throws UnknownKeyException;

    /** Where keys come from, without any key material ("passphrase, key id k1"). */
    String describe();
}
