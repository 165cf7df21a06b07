package com.trackingbms.dr.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Sources and targets for pipeline tests. */
final class TestData {

    private TestData() {
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        Random r = new Random(seed);
        // Half text, half noise, so compression neither vanishes nor explodes.
        for (int i = 0; i < size; i++) {
            b[i] = (i / 64) % 2 == 0 ? (byte) ('a' + r.nextInt(6)) : (byte) r.nextInt(256);
        }
        return b;
    }

    /** A source that writes fixed bytes and reports positions. */
    static BackupSource source(byte[] data) {
        return source(data, Map.of());
    }

    static BackupSource source(byte[] data, Map<String, String> positions) {
        return new BackupSource() {
            @Override
            public String describe() {
                return "test bytes (" + data.length + ")";
            }

            @Override
            public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
                // Odd-sized writes exercise the buffering at every stage.
                int pos = 0;
                int step = 1;
                while (pos < data.length) {
                    int n = Math.min(step, data.length - pos);
                    out.write(data, pos, n);
                    pos += n;
                    step = step * 3 + 1;
                    if (step > 70_000) {
                        step = 7;
                    }
                }
                return positions;
            }
        };
    }

    /** A source that writes some bytes then fails. */
    static BackupSource failing(int before) {
        return new BackupSource() {
            @Override
            public String describe() {
                return "failing source";
            }

            @Override
            public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
                out.write(bytes(before, 1));
                throw new IOException("pg_dump exited with 1");
            }
        };
    }

    /** A target that keeps what it receives. */
    static final class CollectingTarget implements RestoreTarget {
        final List<BackupManifest> manifests = new ArrayList<>();
        final List<byte[]> data = new ArrayList<>();

        @Override
        public String describe() {
            return "memory";
        }

        @Override
        public void restore(BackupManifest manifest, InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            manifests.add(manifest);
            data.add(out.toByteArray());
        }
    }
}
