package com.trackingbms.dr.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.failover.Quorum;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For any sequence of probe rounds (each with some failed probes out of the site's probes), the detector declares
 * the site down exactly when the policy says so: the last N rounds each failed by quorum; and it says "declared" only
 * on the round that reaches N.
 */
class FailureDetectorPropertyTest {

    /** One round: how many of {@code total} probes failed. */
    record Round(int failed, int total) {
    }

    @Provide
    Arbitrary<List<Round>> rounds() {
        Arbitrary<Round> round = Arbitraries.integers().between(1, 5).flatMap(total ->
                Arbitraries.integers().between(0, total).map(failed -> new Round(failed, total)));
        return round.list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<Quorum> quorums() {
        return Arbitraries.oneOf(Arbitraries.just(Quorum.majority()), Arbitraries.just(Quorum.any()),
                Arbitraries.integers().between(1, 5).map(Quorum::atLeast));
    }

    @Property(tries = 500)
    void declaresDownExactlyWhenTheLastNRoundsFailedByQuorum(@ForAll("rounds") List<Round> rounds,
                                                             @ForAll("quorums") Quorum quorum,
                                                             @ForAll @IntRange(min = 1, max = 6) int threshold) {
        FailureDetector detector = new FailureDetector(threshold);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < rounds.size(); i++) {
            boolean failed = quorum.roundFails(rounds.get(i).failed(), rounds.get(i).total());
            FailureDetector.Transition transition = detector.record(failed, t0.plusSeconds(i));

            int run = trailingFailedRun(rounds.subList(0, i + 1), quorum);
            assertThat(detector.isDown()).as("round %d, trailing failed run %d, threshold %d", i, run, threshold)
                    .isEqualTo(run >= threshold);
            assertThat(transition == FailureDetector.Transition.DECLARED_DOWN).isEqualTo(run == threshold);
            assertThat(detector.consecutiveFailures()).isEqualTo(run);
            if (run > 0) {
                assertThat(detector.firstFailureAt()).contains(t0.plusSeconds(i - run + 1));
            } else {
                assertThat(detector.firstFailureAt()).isEmpty();
            }
        }
    }

    @Property(tries = 300)
    void aRoundFailsExactlyWhenTheQuorumOfProbesFailed(@ForAll @IntRange(min = 1, max = 9) int total,
                                                       @ForAll @IntRange(min = 0, max = 9) int failedRaw,
                                                       @ForAll("quorums") Quorum quorum) {
        int failed = Math.min(failedRaw, total);
        int needed = quorum.isMajority() ? total / 2 + 1 : Math.min(quorum.minimumFailed(), total);
        assertThat(quorum.roundFails(failed, total)).isEqualTo(failed >= needed);
        if (quorum.isMajority() && total > 1) {
            assertThat(quorum.roundFails(1, total)).as("one flaky probe of several never fails a majority round").isFalse();
        }
    }

    private static int trailingFailedRun(List<Round> rounds, Quorum quorum) {
        int n = 0;
        for (int i = rounds.size() - 1; i >= 0; i--) {
            if (!quorum.roundFails(rounds.get(i).failed(), rounds.get(i).total())) {
                break;
            }
            n++;
        }
        return n;
    }
}
