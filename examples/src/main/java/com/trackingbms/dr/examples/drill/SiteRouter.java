package com.trackingbms.dr.examples.drill;

import com.trackingbms.dr.spi.TrafficRouter;
import com.trackingbms.dr.spi.TrafficTarget;
import com.trackingbms.dr.testkit.drill.SwitchableEndpoint;
import java.util.Map;
import java.util.Optional;

/**
 * A router that knows each site's address for one service (here the application's load balancer), so one reroute
 * step moves the database endpoint and the application endpoint together, as Route53 records for two names would.
 */
final class SiteRouter implements TrafficRouter {

    private final String name;
    private final SwitchableEndpoint endpoint;
    private final Map<String, String> addresses;

    SiteRouter(String name, SwitchableEndpoint endpoint, Map<String, String> addresses) {
        this.name = name;
        this.endpoint = endpoint;
        this.addresses = Map.copyOf(addresses);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void routeTo(String siteName, TrafficTarget target) throws Exception {
        String address = addresses.get(siteName);
        if (address == null) {
            throw new IllegalArgumentException(name + " has no address for site " + siteName + "; it knows " + addresses.keySet());
        }
        endpoint.routeTo(siteName, TrafficTarget.of(address));
    }

    @Override
    public Optional<TrafficTarget> current() {
        return endpoint.current();
    }
}
