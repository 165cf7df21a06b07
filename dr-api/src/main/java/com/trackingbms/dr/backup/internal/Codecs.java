package com.trackingbms.dr.backup.internal;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import com.trackingbms.dr.backup.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/** Compression streams: zstd through zstd-jni (native memory, optionally multi-threaded), gzip through Commons Compress. */
public final class Codecs {

    private Codecs() {
    }

    /** Wraps {@code out} with the compressor; closing the result closes {@code out}. */
    public static OutputStream compress(Compression c, OutputStream out, int zstdWorkers) throws IOException {
        return switch (c.algorithm()) {
            case ZSTD -> {
                ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, RecyclingBufferPool.INSTANCE);
                z.setLevel(c.level());
                z.setChecksum(true);
                // Explicit parameters take precedence over the level's, whatever the order they are set in.
                for (Map.Entry<Compression.ZstdParameter, Integer> e : c.zstdParameters().entrySet()) {
                    int v = e.getValue();
                    switch (e.getKey()) {
                        case STRATEGY -> z.setStrategy(v);
                        case WINDOW_LOG -> z.setWindowLog(v);
                        case HASH_LOG -> z.setHashLog(v);
                        case CHAIN_LOG -> z.setChainLog(v);
                        case SEARCH_LOG -> z.setSearchLog(v);
                        case MIN_MATCH -> z.setMinMatch(v);
                        case TARGET_LENGTH -> z.setTargetLength(v);
                    }
                }
                if (zstdWorkers > 0) {
                    z.setWorkers(zstdWorkers);
                }
                yield z;
            }
            case GZIP -> {
                GzipParameters p = new GzipParameters();
                p.setCompressionLevel(c.level());
                yield new GzipCompressorOutputStream(out, p);
            }
            case NONE -> out;
        };
    }

    /** Wraps {@code in} with the decompressor; concatenated gzip members are read like the gzip tool does. */
    public static InputStream decompress(Compression.Algorithm a, InputStream in) throws IOException {
        return switch (a) {
            case ZSTD -> new ZstdInputStreamNoFinalizer(in, RecyclingBufferPool.INSTANCE);
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case NONE -> in;
        };
    }

    /** Loads zstd's native library now (a one-time cost of a tenth of a second or more), so the first real use does not wait for it. */
    public static void preload() {
        com.github.luben.zstd.util.Native.load();
    }
}
