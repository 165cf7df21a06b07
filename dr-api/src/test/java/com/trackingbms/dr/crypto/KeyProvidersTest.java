package com.trackingbms.dr.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyProvidersTest {

    @TempDir
    Path dir;

    @Test
    void passphraseDerivesAFreshKeyPerBackupAndResolvesItFromTheHeaderParameters() throws Exception {
        KeyProvider p = KeyProviders.passphrase("ops", Secret.of("a long passphrase"), new Argon2Parameters(8192, 1, 1));
        DataKey a = p.newDataKey();
        DataKey b = p.newDataKey();

        assertThat(a.parameters()).isNotEqualTo(b.parameters()); // fresh salt
        assertThat(a.key().getEncoded()).isNotEqualTo(b.key().getEncoded());
        assertThat(p.resolve("ops", a.parameters())).isEqualTo(a);
        assertThatThrownBy(() -> p.resolve("other", a.parameters())).isInstanceOf(UnknownKeyException.class);
        assertThatThrownBy(() -> p.resolve("ops", new byte[0])).isInstanceOf(UnsupportedFormatException.class);
        assertThat(p.describe()).contains("Argon2id").doesNotContain("long passphrase");
        assertThat(a.toString()).doesNotContain(java.util.HexFormat.of().formatHex(a.key().getEncoded()));
    }

    @Test
    void argon2CostsOutOfRangeAndEmptyPassphrasesAreRejected() {
        assertThatThrownBy(() -> new Argon2Parameters(1024, 1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memoryKib");
        assertThatThrownBy(() -> new Argon2Parameters(8192, 0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iterations");
        assertThatThrownBy(() -> KeyProviders.passphrase("x", Secret.of(""))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void keyFileTakesRawHexOrBase64() throws Exception {
        byte[] raw = new byte[32];
        raw[0] = 7;
        Path rawFile = Files.write(dir.resolve("raw.key"), raw);
        Path hexFile = Files.writeString(dir.resolve("hex.key"), java.util.HexFormat.of().formatHex(raw) + "\n");
        Path b64File = Files.writeString(dir.resolve("b64.key"), Base64.getEncoder().encodeToString(raw));

        for (Path f : new Path[] {rawFile, hexFile, b64File}) {
            assertThat(KeyProviders.fromFile("f", f).newDataKey().key().getEncoded()).as(f.toString()).isEqualTo(raw);
        }
    }

    @Test
    void badKeyTextAndMissingSourcesNameTheSourceButNotTheValue() throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short.key"), "abcdef");

        assertThatThrownBy(() -> KeyProviders.fromFile("f", shortKey).newDataKey()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("short.key").hasMessageContaining("not 32").hasMessageNotContaining("abcdef");
        assertThatThrownBy(() -> KeyProviders.fromFile("f", dir.resolve("missing.key")).newDataKey())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> KeyProviders.fromEnv("e", "DR_TEST_SURELY_UNSET_VARIABLE").newDataKey())
                .hasMessageContaining("DR_TEST_SURELY_UNSET_VARIABLE");
        assertThatThrownBy(() -> KeyProviders.key("has space", Secret.of("00".repeat(32)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key id");
    }

    @Test
    void envelopeKeysAreWrappedByTheServiceAndUnwrappedOnRestore() throws Exception {
        EnvelopeKeyService xor = new EnvelopeKeyService() {
            @Override
            public String keyId() {
                return "kms-1";
            }

            @Override
            public byte[] wrap(byte[] dataKey) {
                byte[] w = dataKey.clone();
                for (int i = 0; i < w.length; i++) {
                    w[i] ^= 0x5a;
                }
                return w;
            }

            @Override
            public byte[] unwrap(String keyId, byte[] wrapped) throws UnknownKeyException {
                if (!keyId.equals("kms-1")) {
                    throw new UnknownKeyException(keyId, describe());
                }
                return wrap(wrapped);
            }

            @Override
            public String describe() {
                return "test xor service";
            }
        };
        KeyProvider p = KeyProviders.envelope(xor);
        DataKey a = p.newDataKey();

        assertThat(a.parameters()).hasSize(32).isNotEqualTo(a.key().getEncoded());
        assertThat(p.resolve("kms-1", a.parameters())).isEqualTo(a);
        assertThat(p.newDataKey().key().getEncoded()).isNotEqualTo(a.key().getEncoded());
        assertThatThrownBy(() -> p.resolve("kms-2", a.parameters())).isInstanceOf(UnknownKeyException.class);
    }
}
