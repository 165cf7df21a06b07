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
}
