package com.trackingbms.dr.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.testkit.Poll;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each mode of the proxy, proven against a real PostgreSQL server behind it. */
@DrillTest
@PostgresCluster(standbys = 0)
class NetworkFaultTest {

    private NetworkFault link;
    private PostgresServer primary;

    @BeforeEach
    void proxy(PostgresTopology pg) throws Exception {
        primary = pg.primary();
        link = NetworkFault.proxy(primary.host(), primary.port());
    }

    @AfterEach
    void close() {
        link.close();
    }

    private Connection connectThroughProxy(int timeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", primary.user());
        p.setProperty("password", primary.password().revealString());
        p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("socketTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("sslmode", "disable");
        return DriverManager.getConnection("jdbc:postgresql://" + link.host() + ":" + link.port() + "/postgres", p);
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void passForwardsBothWays() throws Exception {
        try (Connection c = connectThroughProxy(5)) {
            assertThat(selectOne(c)).isEqualTo(1);
        }
        assertThat(link.mode()).isEqualTo(NetworkFault.Mode.PASS);
        assertThat(link.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void dropResetsOpenAndNewConnections() throws Exception {
        try (Connection open = connectThroughProxy(5)) {
            assertThat(selectOne(open)).isEqualTo(1);

            link.drop();

            assertThatThrownBy(() -> selectOne(open)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("I/O error");
            assertThatThrownBy(() -> connectThroughProxy(5)).isInstanceOf(SQLException.class)
                    .hasRootCauseInstanceOf(java.net.SocketException.class)
                    .rootCause().hasMessageStartingWith("Connection reset");
        }
        link.pass();
        try (Connection again = connectThroughProxy(5)) {
            assertThat(selectOne(again)).isEqualTo(1);
        }
    }

    @Test
    void blackHoleAcceptsButNeverAnswersUntilThePartitionHeals() throws Exception {
        try (Connection open = connectThroughProxy(2)) {
            link.blackHole();

            assertThatThrownBy(() -> selectOne(open)).isInstanceOf(SQLException.class)
                    .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
            assertThatThrownBy(() -> connectThroughProxy(2)).isInstanceOf(SQLException.class);
            // The TCP connection itself was accepted: the client waited for an answer that never came.
            assertThat(link.acceptedConnections()).isEqualTo(2);
        }
        link.pass();
        try (Connection healed = connectThroughProxy(5)) {
            assertThat(selectOne(healed)).isEqualTo(1);
        }
    }

    @Test
    void delayAddsLatencyInEachDirection() throws Exception {
        try (Connection c = connectThroughProxy(10)) {
            link.delay(Duration.ofMillis(300));
            long start = System.nanoTime();

            assertThat(selectOne(c)).isEqualTo(1);

            // A lower bound only: the request and the answer were each held back for at least the delay.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        }
    }

    @Test
    void closeResetsEverything() throws Exception {
        Connection c = connectThroughProxy(5);
        assertThat(link.openConnections()).isEqualTo(1);

        link.close();

        assertThatThrownBy(() -> selectOne(c)).isInstanceOf(SQLException.class);
        Poll.until("links are gone", () -> link.openConnections() == 0);
        c.close();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> NetworkFault.proxy("127.0.0.1", 0)).hasMessageContaining("targetPort");
        assertThatThrownBy(() -> link.delay(Duration.ofMillis(-1))).hasMessageContaining("latency must not be negative");
    }
}
