package com.trackingbms.dr.testkit.postgres.internal;

import com.trackingbms.dr.Secret;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** Opens pgJDBC connections without going through DriverManager's global registry. */
final class PgJdbc {

    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    private PgJdbc() {
    }

    /** Opens a connection; a zero socket timeout means none. */
    static Connection open(String url, String user, Secret password, Duration connectTimeout, Duration socketTimeout)
            throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password.revealString());
        p.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        p.setProperty("loginTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        p.setProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
        p.setProperty("sslmode", "disable");
        p.setProperty("ApplicationName", "dr-testkit");
        Connection c = DRIVER.connect(url, p);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        return c;
    }
}
