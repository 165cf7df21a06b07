package com.trackingbms.dr.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.crypto.DataKey;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.crypto.UnknownKeyException;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MemoizingKeyProviderTest {

    /** Derives a key per (id, parameters), like the passphrase provider, and counts derivations. */
    private static final class CountingProvider implements KeyProvider {
        final List<String> resolved = new ArrayList<>();

        @Override
        public String currentKeyId() {
            return "k1";
        }

        @Override
        public SecretKey key(String keyId) throws UnknownKeyException {
            throw new UnknownKeyException(keyId, "counting provider");
        }

        @Override
        public DataKey resolve(String keyId, byte[] parameters) throws UnknownKeyException {
            if (!keyId.equals("k1")) {
                throw new UnknownKeyException(keyId, "counting provider");
            }
            resolved.add(keyId + "/" + parameters.length);
            byte[] raw = new byte[32];
            raw[0] = (byte) parameters.length;
            return new DataKey(keyId, new SecretKeySpec(raw, "AES"), parameters);
        }

        @Override
        public String describe() {
            return "counting";
        }
    }

    @Test
    void resolvesEachKeyOnceAndKeepsPerBackupParametersApart() throws Exception {
        CountingProvider keys = new CountingProvider();
        MemoizingKeyProvider memo = new MemoizingKeyProvider(keys);

        DataKey first = memo.resolve("k1", new byte[] {1});
        DataKey again = memo.resolve("k1", new byte[] {1});
        DataKey otherSalt = memo.resolve("k1", new byte[] {1, 2});

        assertThat(again).isSameAs(first);
        assertThat(otherSalt.key()).isNotEqualTo(first.key());
        assertThat(keys.resolved).containsExactly("k1/1", "k1/2");
    }

    @Test
    void failuresAreNotRememberedAndKeepTheirType() {
        CountingProvider keys = new CountingProvider();
        MemoizingKeyProvider memo = new MemoizingKeyProvider(keys);

        assertThatThrownBy(() -> memo.resolve("k9", new byte[0])).isInstanceOf(UnknownKeyException.class).hasMessageContaining("k9");
        assertThatThrownBy(() -> memo.resolve("k9", new byte[0])).isInstanceOf(UnknownKeyException.class);
        assertThat(memo.describe()).isEqualTo("counting");
        assertThat(memo.currentKeyId()).isEqualTo("k1");
    }
}
