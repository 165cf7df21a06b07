package com.trackingbms.dr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void neverRendersItsValue() {
        Secret s = Secret.of("hunter2");
        assertThat(s.toString()).doesNotContain("hunter2").isEqualTo("Secret[hidden non-blank value]");
        assertThat(String.valueOf(s)).doesNotContain("hunter2");
        assertThat(s.revealString()).isEqualTo("hunter2");
        assertThat(Secret.of("").toString()).isEqualTo("Secret[empty]");
    }

    @Test
    void revealReturnsACopy() {
        Secret s = Secret.of("abc".toCharArray());
        char[] copy = s.reveal();
        copy[0] = 'x';
        assertThat(s.revealString()).isEqualTo("abc");
    }

    @Test
    void missingEnvironmentVariableNamesTheVariable() {
        assertThatThrownBy(() -> Secret.fromEnv("DR_TEST_SURELY_UNSET_VARIABLE"))
                .hasMessage("environment variable DR_TEST_SURELY_UNSET_VARIABLE is not set or empty; export it before starting");
    }
}
