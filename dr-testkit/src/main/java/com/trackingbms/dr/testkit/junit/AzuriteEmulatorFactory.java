package com.trackingbms.dr.testkit.junit;

import com.trackingbms.dr.testkit.emulator.AzuriteEmulator;

/**
 * Resolves {@link AzuriteEmulator} parameters (one emulator per test class). When Azurite is not installed, the
 * resolution fails with {@link AzuriteEmulator#installHint()}.
 */
public final class AzuriteEmulatorFactory implements DrillResourceFactory<AzuriteEmulator> {

    /** Creates the factory (for ServiceLoader). */
    public AzuriteEmulatorFactory() {
    }

    @Override
    public Class<AzuriteEmulator> type() {
        return AzuriteEmulator.class;
    }

    @Override
    public Object configKey(ResourceRequest request) {
        return "azurite";
    }

    @Override
    public AzuriteEmulator create(ResourceRequest request) {
        return AzuriteEmulator.start();
    }
}
