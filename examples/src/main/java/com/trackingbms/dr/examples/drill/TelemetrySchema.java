package com.trackingbms.dr.examples.drill;

import com.trackingbms.dr.testkit.postgres.Sql;
import java.sql.SQLException;

/** A small TrackingBMS-like schema with realistic values: clients, locations, batteries, users, battery_metrics. */
final class TelemetrySchema {

    private TelemetrySchema() {
    }

    static void load(Sql sql) throws SQLException {
        sql.execute("CREATE TABLE clients(id int PRIMARY KEY, name text NOT NULL)");
        sql.execute("CREATE TABLE locations(id int PRIMARY KEY, city text NOT NULL)");
        sql.execute("CREATE TABLE batteries(id int PRIMARY KEY, client_id int NOT NULL REFERENCES clients(id),"
                + " location_id int REFERENCES locations(id), serial text NOT NULL)");
        sql.execute("CREATE TABLE users(id int PRIMARY KEY, client_id int REFERENCES clients(id), email text NOT NULL)");
        sql.execute("CREATE TABLE battery_metrics(id bigserial PRIMARY KEY, battery_id int NOT NULL REFERENCES batteries(id),"
                + " recorded_at timestamptz NOT NULL, voltage double precision, current double precision,"
                + " temperature double precision, state_of_charge double precision)");
        sql.execute("INSERT INTO clients SELECT g, 'fleet-' || g FROM generate_series(1, 40) g");
        sql.execute("INSERT INTO locations SELECT g, (ARRAY['Montreal','Toronto','Vancouver','Calgary','Halifax'])[1 + g % 5]"
                + " FROM generate_series(1, 25) g");
        sql.execute("INSERT INTO batteries SELECT g, 1 + g % 40, 1 + g % 25, 'BMS-' || lpad(g::text, 6, '0')"
                + " FROM generate_series(1, 800) g");
        sql.execute("INSERT INTO users SELECT g, 1 + g % 40, 'user' || g || '@fleet.example' FROM generate_series(1, 120) g");
        sql.execute("INSERT INTO battery_metrics(battery_id, recorded_at, voltage, current, temperature, state_of_charge)"
                + " SELECT 1 + g % 800, now() - (g || ' seconds')::interval, round((3.0 + random() * 1.2)::numeric, 3),"
                + " round((random() * 40 - 20)::numeric, 2), round((15 + random() * 25)::numeric, 1),"
                + " round((random() * 100)::numeric, 1) FROM generate_series(1, 40000) g");
        sql.execute("ANALYZE");
    }
}
