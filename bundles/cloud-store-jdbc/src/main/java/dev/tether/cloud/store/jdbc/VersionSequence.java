package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The one monotonically increasing sequence every accepted write takes its version from. */
final class VersionSequence {

    private final String nextValueQuery;

    VersionSequence(SqlDialect dialect) {
        this.nextValueQuery = dialect.nextValue(StoreSchema.VERSIONS);
    }

    long next(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(nextValueQuery);
                ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("the version sequence " + StoreSchema.VERSIONS + " returned no value");
            }
            return row.getLong(1);
        }
    }
}
