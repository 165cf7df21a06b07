package com.trackingbms.dr.crypto.internal;

import com.trackingbms.dr.crypto.DataKey;
import com.trackingbms.dr.crypto.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/**
 * Runs the reader's AES-CTR and AES-GCM code on throwaway data while manifests are read and a key is resolved. In a fresh JVM the
 * first tens of megabytes of tag checks run before HotSpot has compiled the AES and GHASH intrinsics, several times
 * slower than afterwards; a restore otherwise pays that on its critical path, right after an Argon2id derivation (or
 * a KMS call) that leaves the second core idle. The warm-up uses a random key of its own, touches no real data, and
 * stops as soon as it is closed; it is meant to fill that idle core, and is plain extra work when no core is idle.
 */
public final class GcmWarmUp implements AutoCloseable {

    private static final int DATA = 1 << 20;
    private static final int CHUNK = 64 * 1024;
    private static final int ROUNDS = 48;
    /** Once one warm-up has run its course the code is compiled for the life of the JVM. */
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private final Thread thread;
    private volatile boolean stopped;

    private GcmWarmUp(boolean run, Runnable first) {
        if (run) {
            thread = new Thread(() -> {
                try {
                    first.run();
                    Argon2BytesGenerator.class.getName();
                } catch (RuntimeException | LinkageError e) {
                    // Only a preload: the real use reports the problem with its context.
                }
                run();
            }, "dr-crypto-warm-up");
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    /**
     * Starts a warm-up on a daemon thread, unless one already ran to completion in this JVM: it runs {@code first}
     * (another one-time cost of the caller's, such as loading a native library), loads the Argon2id code (from a
     * signed jar, whose verification takes a third of a second), then runs AES-CTR and AES-GCM until closed.
     */
    public static GcmWarmUp start(Runnable first) {
        return new GcmWarmUp(!DONE.get(), first);
    }

    /** A warm-up that does nothing, for operations that decrypt nothing. */
    public static GcmWarmUp none() {
        return new GcmWarmUp(false, null);
    }

    private void run() {
        try {
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            SecretKey secret = new SecretKeySpec(raw, "AES");
            DataKey key = new DataKey("warm-up", secret, new byte[0]);
            ByteArrayOutputStream sealed = new ByteArrayOutputStream(DATA + DATA / 16);
            try (OutputStream out = new GcmOutputStream(sealed, key, CHUNK)) {
                out.write(new byte[DATA]);
            }
            byte[] bytes = sealed.toByteArray();
            KeyProvider keys = new OneKey(key);
            byte[] buffer = new byte[64 * 1024];
            for (int round = 0; round < ROUNDS && !stopped; round++) {
                // Alternates the two paths a restore uses: verify (CTR + GCM tag) and decrypt of a staged copy (CTR).
                try (InputStream in = new GcmInputStream(new ByteArrayInputStream(bytes), keys, round % 4 != 3)) {
                    while (!stopped && in.read(buffer) >= 0) {
                        // reading is the point
                    }
                }
            }
            if (!stopped) {
                DONE.set(true);
            }
        } catch (IOException | RuntimeException e) {
            // Nothing depends on the warm-up: a failure here only means the real work starts cold.
            stopped = true;
        }
    }

    /** Stops the warm-up; it ends within one chunk, and the caller does not wait for it. */
    @Override
    public void close() {
        stopped = true;
    }

    /** The warm-up's thread, or null when none was started (for tests). */
    Thread thread() {
        return thread;
    }

    /** The throwaway key of the warm-up. */
    private record OneKey(DataKey key) implements KeyProvider {
        @Override
        public String currentKeyId() {
            return key.keyId();
        }

        @Override
        public SecretKey key(String keyId) {
            return key.key();
        }

        @Override
        public DataKey resolve(String keyId, byte[] parameters) {
            return key;
        }

        @Override
        public String describe() {
            return "warm-up key";
        }
    }
}
