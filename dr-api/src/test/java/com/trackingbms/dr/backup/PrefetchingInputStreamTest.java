package com.trackingbms.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.backup.internal.PrefetchingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import org.junit.jupiter.api.Test;

class PrefetchingInputStreamTest {

    @Test
    void passesEveryByteInOrder() throws IOException {
        byte[] data = TestData.bytes(3 * 256 * 1024 + 123, 5);
        try (InputStream in = new PrefetchingInputStream(new ByteArrayInputStream(data), "test")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void deliversTheBytesBeforeAFailureThenTheFailureItself() throws IOException {
        byte[] data = TestData.bytes(1000, 6);
        IOException failure = new IOException("chunk 3 failed");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(data), new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }
        });
        try (InputStream in = new PrefetchingInputStream(failing, "test")) {
            byte[] first = in.readNBytes(1000);
            assertThat(first).isEqualTo(data);
            assertThatThrownBy(in::read).isSameAs(failure);
        }
    }

    @Test
    void closingEarlyClosesTheSource() throws Exception {
        boolean[] closed = new boolean[1];
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        InputStream in = new PrefetchingInputStream(endless, "test");
        assertThat(in.read()).isEqualTo(1);
        in.close();

        assertThat(closed[0]).isTrue();
    }

    @Test
    void chainedStagesPassEveryByteThroughRecycledBlocks() throws IOException {
        // Far more blocks than are ever in flight, read in odd sizes, so every block is reused many times.
        byte[] data = TestData.bytes(40 * 256 * 1024 + 777, 8);
        try (InputStream in = new PrefetchingInputStream(new PrefetchingInputStream(new ByteArrayInputStream(data), "inner"), "outer")) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[100_003];
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                out.write(buffer, 0, n);
            }
            assertThat(out.toByteArray()).isEqualTo(data);
        }
    }

    @Test
    void aFailureInTheFirstStageReachesTheLastReaderAndEndsEveryThread() throws Exception {
        byte[] data = TestData.bytes(3 * 256 * 1024, 9);
        IOException failure = new IOException("tag of chunk 7 does not match");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(data), new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }
        });
        InputStream in = new PrefetchingInputStream(new PrefetchingInputStream(failing, "stage-a-fail"), "stage-b-fail");

        assertThat(in.readNBytes(data.length)).isEqualTo(data);
        assertThatThrownBy(in::read).as("the first stage's own exception, not a wrapper").isSameAs(failure);
        in.close();
        assertThat(liveThreads("stage-a-fail", "stage-b-fail")).isEmpty();
    }

    @Test
    void aReaderThatStopsEarlyStopsEveryStageAndClosesTheSource() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 7;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 7);
                return len;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        InputStream in = new PrefetchingInputStream(new PrefetchingInputStream(endless, "stage-a-stop"), "stage-b-stop");
        // The stages run ahead until the bounded queues are full, then wait; a failing target closes its stream.
        assertThat(in.readNBytes(5 * 256 * 1024)).containsOnly(7);
        in.close();

        assertThat(closed).isTrue();
        assertThat(liveThreads("stage-a-stop", "stage-b-stop")).isEmpty();
    }

    private static java.util.List<String> liveThreads(String... names) {
        java.util.Set<String> wanted = java.util.Set.of(names);
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).filter(wanted::contains).toList();
    }
}
