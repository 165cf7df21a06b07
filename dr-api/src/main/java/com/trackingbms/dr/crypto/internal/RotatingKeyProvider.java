package com.trackingbms.dr.crypto.internal;

import com.trackingbms.dr.crypto.DataKey;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.crypto.UnknownKeyException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** New backups under the current provider; old ones resolve through whichever provider knows their id. */
public final class RotatingKeyProvider implements KeyProvider {

    private final KeyProvider current;
    private final List<KeyProvider> all;

    /** Creates the provider. */
    public RotatingKeyProvider(KeyProvider current, List<KeyProvider> previous) {
        this.current = current;
        List<KeyProvider> list = new ArrayList<>();
        list.add(current);
        list.addAll(previous);
        this.all = List.copyOf(list);
    }

    @Override
    public String currentKeyId() {
        return current.currentKeyId();
    }

    @Override
    public DataKey newDataKey() throws IOException {
        return current.newDataKey();
    }

    @Override
    public javax.crypto.SecretKey key(String keyId) throws UnknownKeyException {
        for (KeyProvider p : all) {
            if (p.currentKeyId().equals(keyId)) {
                return p.key(keyId);
            }
        }
        throw new UnknownKeyException(keyId, describe());
    }

    @Override
    public DataKey resolve(String keyId, byte[] parameters) throws IOException {
        for (KeyProvider p : all) {
            if (p.currentKeyId().equals(keyId)) {
                return p.resolve(keyId, parameters);
            }
        }
        throw new UnknownKeyException(keyId, describe());
    }

    @Override
    public String describe() {
        return "rotation (current " + current.describe() + "; also "
                + all.stream().skip(1).map(KeyProvider::describe).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public String toString() {
        return "KeyProvider[" + describe() + "]";
    }
}
