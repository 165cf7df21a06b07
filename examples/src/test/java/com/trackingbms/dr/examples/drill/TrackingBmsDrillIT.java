package com.trackingbms.dr.examples.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, run in the suite: the whole TrackingBMS drill on real servers. */
class TrackingBmsDrillIT {

    @TempDir
    Path work;

    @Test
    void theDrillMeetsEveryObjective() throws Exception {
        // The restore test's isolated cluster lives below the work dir and runs as the postgres user.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TrackingBmsDrill.Outcome outcome;
        try (TrackingBmsDrill drill = new TrackingBmsDrill(new PrintStream(printed, true, StandardCharsets.UTF_8), work)) {
            outcome = drill.run();
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(outcome.passed()).as(output).isTrue();
        assertThat(outcome.lostWrites()).as(output).isZero();
        assertThat(outcome.validationPercent()).as(output).isGreaterThanOrEqualTo(95.0);
        assertThat(outcome.drillLine()).matches("DRILL result=PASS rto_ms=\\d+ rpo_lost_writes=0 validation_pct=\\d+\\.\\d report=.+");
        assertThat(output).contains("promoted toronto").contains("restore test of the latest backup passed")
                .doesNotContain("Secret[");
        assertThat(Files.readString(outcome.report())).contains("Drill: Failover montreal -&gt; toronto");
    }
}
