package com.trackingbms.dr.testkit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DrillReportTest {

    private static WriteLoad.Ack ack(long id, String server) {
        return new WriteLoad.Ack(id, server, OptionalLong.empty(), OptionalLong.empty());
    }

    private static DrillReport report(List<WriteLoad.Ack> acknowledged, int beforeFault, List<WriteLoad.Ack> missing) {
        return new DrillReport("SIGSTOP of primary", Instant.parse("2026-11-26T10:00:00Z"), Optional.empty(), Optional.empty(),
                Optional.empty(), acknowledged, beforeFault, 0, missing, Optional.empty());
    }

    @Test
    void namesTheServersThatAcknowledgedTheMissingWrites() {
        // GIVEN ids 1-10 acknowledged by the old primary (1-8 before the fault), 11-14 by the new one
        List<WriteLoad.Ack> acked = LongStream.rangeClosed(1, 14).mapToObj(i -> ack(i, i <= 10 ? "127.0.0.1:5001" : "127.0.0.1:5002")).toList();
        List<WriteLoad.Ack> missing = List.of(acked.get(6), acked.get(7), acked.get(8), acked.get(12));

        // WHEN the report is printed
        String text = report(acked, 8, missing).toString();

        // THEN the missing writes are grouped by the server that acknowledged them
        assertThat(text).contains("acknowledged but missing 4 [3 acknowledged by 127.0.0.1:5001 (ids 7-9, 2 before the fault),"
                + " 1 acknowledged by 127.0.0.1:5002 (ids 13-13, 0 before the fault)]");
    }

    @Test
    void saysNothingMoreWhenNothingIsMissing() {
        List<WriteLoad.Ack> acked = List.of(ack(1, "127.0.0.1:5001"), ack(2, ""));

        String text = report(acked, 1, List.of()).toString();

        assertThat(text).contains("acknowledged but missing 0\n").doesNotContain("acknowledged by");
    }

    @Test
    void aWriteWhoseServerIsUnknownIsCountedAsSuch() {
        List<WriteLoad.Ack> acked = List.of(ack(1, ""));

        assertThat(report(acked, 1, acked).toString()).contains("missing 1 [1 acknowledged by unknown server (ids 1-1, 1 before the fault)]");
    }
}
