package com.trackingbms.dr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void acceptsTheWholeRangeAndNamesTheFieldAndFixOutsideIt() {
        assertThat(Ports.require(1, "port", "x")).isEqualTo(1);
        assertThat(Ports.require(65535, "port", "x")).isEqualTo(65535);
        assertThatThrownBy(() -> Ports.require(0, "targetPort", "the port the fault forwards to"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("targetPort 0 is outside 1-65535; give the port the fault forwards to");
        assertThatThrownBy(() -> Ports.require(65536, "port", "x")).hasMessageContaining("65536 is outside 1-65535");
    }
}
