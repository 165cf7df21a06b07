package com.trackingbms.dr.testkit.junit;

import com.trackingbms.dr.testkit.emulator.S3Emulator;
import java.util.List;

/** Resolves {@link S3Emulator} parameters, configured by {@link S3Store}. */
public final class S3EmulatorFactory implements DrillResourceFactory<S3Emulator> {

    /** What an {@link S3Store} asks for. */
    record Key(List<String> buckets, S3Emulator.Storage storage, String name) {
    }

    /** Creates the factory (for ServiceLoader). */
    public S3EmulatorFactory() {
    }

    @Override
    public Class<S3Emulator> type() {
        return S3Emulator.class;
    }

    @Override
    public Object configKey(ResourceRequest request) {
        return request.annotation(S3Store.class)
                .map(a -> new Key(List.of(a.buckets()), a.storage(), a.name()))
                .orElse(new Key(List.of("dr-backups"), S3Emulator.Storage.TRANSIENT, ""));
    }

    @Override
    public S3Emulator create(ResourceRequest request) {
        Key k = (Key) configKey(request);
        if (k.buckets().isEmpty()) {
            throw new IllegalArgumentException("@S3Store on " + request.parameter() + " names no bucket: give buckets = {\"name\"}");
        }
        S3Emulator.Builder b = S3Emulator.builder().storage(k.storage());
        k.buckets().forEach(b::bucket);
        return b.start();
    }
}
