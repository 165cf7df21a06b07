package com.trackingbms.dr.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** A missing Azurite install is reported with the exact way to install it. */
@ResourceLock("dr.azurite.home")
class AzuriteInstallationTest {

    @Test
    void aConfiguredFolderWithoutAzuriteIsNotAnInstallation(@TempDir Path empty) {
        String before = System.getProperty(AzuriteEmulator.HOME_PROPERTY);
        System.setProperty(AzuriteEmulator.HOME_PROPERTY, empty.toString());
        try {
            assertThat(AzuriteEmulator.installation()).isEmpty();
            assertThatThrownBy(AzuriteEmulator::start)
                    .isInstanceOf(EmulatorException.class)
                    .hasMessageContaining("npm ci --prefix dr-testkit/azurite")
                    .hasMessageContaining(AzuriteEmulator.HOME_PROPERTY)
                    .hasMessageContaining(AzuriteEmulator.HOME_ENV);
        } finally {
            if (before == null) {
                System.clearProperty(AzuriteEmulator.HOME_PROPERTY);
            } else {
                System.setProperty(AzuriteEmulator.HOME_PROPERTY, before);
            }
        }
    }
}
