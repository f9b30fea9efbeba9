package io.sessions4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {

    @Test
    void rememberMeJustAfterLoginReadsThirtyDays() {
        // What the demo showed before: "expires in: 2591990s".
        assertThat(HumanDuration.of(Duration.ofSeconds(2_591_990))).isEqualTo("30 days");
    }

    @Test
    void usesTheLargestUnitThatFitsOneAndAHalfTimes() {
        assertThat(HumanDuration.of(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(HumanDuration.of(Duration.ofMillis(59_400))).isEqualTo("59 seconds");
        assertThat(HumanDuration.of(Duration.ofSeconds(89))).isEqualTo("89 seconds");
        assertThat(HumanDuration.of(Duration.ofSeconds(90))).isEqualTo("2 minutes");
        assertThat(HumanDuration.of(Duration.ofMinutes(59))).isEqualTo("59 minutes");
        assertThat(HumanDuration.of(Duration.ofHours(8).minusSeconds(3))).isEqualTo("8 hours");
        assertThat(HumanDuration.of(Duration.ofHours(1).plusMinutes(30))).isEqualTo("2 hours");
        assertThat(HumanDuration.of(Duration.ofHours(36))).isEqualTo("2 days");
        assertThat(HumanDuration.of(Duration.ofDays(1))).isEqualTo("24 hours");
    }

    @Test
    void aPastExpiryReadsZero() {
        assertThat(HumanDuration.of(Duration.ofSeconds(-5))).isEqualTo("0 seconds");
        assertThat(HumanDuration.of(Duration.ZERO)).isEqualTo("0 seconds");
    }
}
