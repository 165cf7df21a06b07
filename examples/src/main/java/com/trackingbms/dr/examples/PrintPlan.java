package com.trackingbms.dr.examples;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.spi.TrafficTarget;
import com.trackingbms.dr.validation.HttpChecks;
import com.trackingbms.dr.testkit.fake.FakeCacheNode;
import com.trackingbms.dr.testkit.fake.FakeDatabaseNode;
import com.trackingbms.dr.testkit.fake.FakeHealthProbe;
import com.trackingbms.dr.testkit.fake.FakeTrafficRouter;
import com.trackingbms.dr.testkit.fake.FixedKeyProvider;
import com.trackingbms.dr.testkit.fake.InMemoryObjectStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Prints the TrackingBMS plan. The components are the testkit's in-memory fakes: describing a plan touches no
 * server, and the drill (examples/run-drill) wires real PostgreSQL nodes instead.
 */
public final class PrintPlan {

    private PrintPlan() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(TrackingBmsPlan.define(inMemoryInfrastructure()).describe());
    }

    /** The plan's infrastructure made of in-memory fakes, for describing and unit-testing the plan. */
    public static TrackingBmsPlan.Infrastructure inMemoryInfrastructure() {
        return new TrackingBmsPlan.Infrastructure(
                site("montreal", true), site("toronto", false), site("vancouver", false),
                List.of(new FakeTrafficRouter("route53 api.trackingbms.com", TrafficTarget.of("montreal-alb.trackingbms.com")),
                        new FakeTrafficRouter("elb trackingbms-prod", TrafficTarget.of("montreal-alb.trackingbms.com"))),
                new InMemoryObjectStore(), new FixedKeyProvider("backup-2026-11"), List.of(),
                new TrackingBmsPlan.Application(URI.create("https://api.trackingbms.com/"), "dr-validation",
                        Secret.of("described-never-used")),
                TrackingBmsPlan.Detection.RUNBOOK, HttpChecks.defaults());
    }

    private static TrackingBmsPlan.SiteComponents site(String name, boolean primary) {
        return new TrackingBmsPlan.SiteComponents(
                primary ? FakeDatabaseNode.primary(name + "-pg") : FakeDatabaseNode.standby(name + "-pg", 0),
                Optional.of(primary ? FakeCacheNode.master(name + "-redis") : FakeCacheNode.replica(name + "-redis")),
                List.of(new FakeHealthProbe(name + " /health"), new FakeHealthProbe(name + " /api/health")),
                name + "-alb.trackingbms.com");
    }
}
