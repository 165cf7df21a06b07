package com.trackingbms.dr.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Aes256GcmTest {

    private static final int CHUNK = 1024;
    private static final String HEX = "0123456789abcdef".repeat(4);
    private static final KeyProvider KEYS = KeyProviders.key("k1", Secret.of(HEX));

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] encrypt(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = Aes256Gcm.encrypt(out, KEYS.newDataKey(), CHUNK)) {
            enc.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] decrypt(byte[] sealed, KeyProvider keys) throws IOException {
        try (InputStream in = Aes256Gcm.decrypt(new ByteArrayInputStream(sealed), keys)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 7, 50_000})
    void roundTripsAndEveryChunkIsStandardAesGcm(int size) throws Exception {
        byte[] plain = random(size);
        byte[] sealed = encrypt(plain);

        assertThat(decrypt(sealed, KEYS)).isEqualTo(plain);
        // An independent reader built from the documented layout with the JDK's own GCM decryption.
        assertThat(referenceDecrypt(sealed, HexFormat.parse(HEX))).isEqualTo(plain);
        int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        assertThat(sealed.length - headerLength(sealed)).isEqualTo(size + 16L * chunks);
    }

    @Test
    void wrongKeyUnknownIdAndNotOurFormatEachHaveTheirOwnException() throws Exception {
        byte[] sealed = encrypt(random(5000));

        assertThatThrownBy(() -> decrypt(sealed, KeyProviders.key("k1", Secret.of("ff".repeat(32)))))
                .isInstanceOf(WrongKeyException.class);
        assertThatThrownBy(() -> decrypt(sealed, KeyProviders.key("k2", Secret.of(HEX))))
                .isInstanceOf(UnknownKeyException.class).hasMessageContaining("'k1'");
        assertThatThrownBy(() -> decrypt("Salted__12345678abcdefgh".getBytes(StandardCharsets.US_ASCII), KEYS))
                .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("openssl");
        assertThatThrownBy(() -> decrypt(new byte[3], KEYS)).isInstanceOf(TruncatedDataException.class).hasMessageContaining("header");
    }

    @Test
    void everyFlippedByteIsCaught() throws Exception {
        byte[] sealed = encrypt(random(3 * CHUNK + 10));
        for (int i = 0; i < sealed.length; i += 97) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x40;
            assertThatThrownBy(() -> decrypt(tampered, KEYS)).as("flip at %d", i).isInstanceOf(CryptoException.class);
        }
        byte[] body = sealed.clone();
        body[headerLength(sealed) + CHUNK + 16 + 5] ^= 1;
        assertThatThrownBy(() -> decrypt(body, KEYS)).isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("chunk 1");
    }

    @Test
    void truncationAtAChunkBoundaryIsTruncationAndAppendedBytesAreCaught() throws Exception {
        byte[] sealed = encrypt(random(3 * CHUNK + 10));
        int header = headerLength(sealed);
        byte[] cut = Arrays.copyOf(sealed, header + 2 * (CHUNK + 16));
        byte[] appended = Arrays.copyOf(sealed, sealed.length + 40);
        byte[] dropped = new byte[sealed.length - (CHUNK + 16)];
        System.arraycopy(sealed, 0, dropped, 0, header + CHUNK + 16);
        System.arraycopy(sealed, header + 2 * (CHUNK + 16), dropped, header + CHUNK + 16, dropped.length - header - CHUNK - 16);

        assertThatThrownBy(() -> decrypt(cut, KEYS)).isInstanceOf(TruncatedDataException.class).hasMessageContaining("without the end marker");
        assertThatThrownBy(() -> decrypt(Arrays.copyOf(sealed, header), KEYS)).isInstanceOf(TruncatedDataException.class);
        assertThatThrownBy(() -> decrypt(appended, KEYS)).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> decrypt(dropped, KEYS)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void noPlaintextOfAFailedChunkIsReturned() throws Exception {
        byte[] sealed = encrypt(random(2 * CHUNK));
        sealed[headerLength(sealed) + 3] ^= 1;
        InputStream in = Aes256Gcm.decrypt(new ByteArrayInputStream(sealed), KEYS);
        byte[] buffer = new byte[100];

        assertThatThrownBy(() -> in.read(buffer)).isInstanceOf(AuthenticationFailedException.class);
        assertThat(buffer).containsOnly(0);
    }

    @Test
    void keyIdIsReadableWithoutTheKey() throws Exception {
        assertThat(Aes256Gcm.keyId(new ByteArrayInputStream(encrypt(new byte[10])))).isEqualTo("k1");
    }

    static int headerLength(byte[] sealed) {
        ByteBuffer b = ByteBuffer.wrap(sealed);
        b.position(7 + 1 + 4);
        int id = b.getShort() & 0xffff;
        b.position(b.position() + id);
        int params = b.getShort() & 0xffff;
        return b.position() + params + 7 + 16;
    }

    /** Decrypts by the documented layout: nonce = prefix(7) || counter(4, big-endian) || last(1), AAD = header. */
    static byte[] referenceDecrypt(byte[] sealed, byte[] key) throws Exception {
        int header = headerLength(sealed);
        byte[] aad = Arrays.copyOf(sealed, header);
        byte[] prefix = Arrays.copyOfRange(sealed, header - 16 - 7, header - 16);
        int chunkSize = ByteBuffer.wrap(sealed, 8, 4).getInt();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = header;
        for (int counter = 0; ; counter++) {
            int n = Math.min(chunkSize + 16, sealed.length - pos);
            boolean last = pos + n == sealed.length;
            byte[] nonce = ByteBuffer.allocate(12).put(prefix).putInt(counter).put((byte) (last ? 1 : 0)).array();
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad);
            out.write(c.doFinal(sealed, pos, n));
            pos += n;
            if (last) {
                return out.toByteArray();
            }
        }
    }

    /** Hex decoding for the test key. */
    static final class HexFormat {
        static byte[] parse(String hex) {
            return java.util.HexFormat.of().parseHex(hex);
        }
    }
}
