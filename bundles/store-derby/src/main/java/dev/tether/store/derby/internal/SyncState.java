package dev.tether.store.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The durable name/value pairs of the sync engine in {@code TETHER.SYNC_STATE}. */
final class SyncState {

    static final String TABLE = Sql.SCHEMA + ".SYNC_STATE";
    static final String CREATE = "CREATE TABLE " + TABLE + " (NAME VARCHAR(128) NOT NULL CONSTRAINT SYNC_STATE_PK PRIMARY KEY,"
            + " VAL VARCHAR(32672))";

    private final Transactions transactions;

    SyncState(Transactions transactions) {
        this.transactions = transactions;
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(all().get(name));
    }

    Map<String, String> all() {
        return transactions.run("read sync state", connection -> {
            Map<String, String> entries = new TreeMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT NAME, VAL FROM " + TABLE);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.put(rows.getString(1), rows.getString(2));
                }
            }
            return entries;
        });
    }

    /** Sets (or with a {@code null} value removes) entries inside the caller's transaction. */
    void put(Connection connection, Map<String, String> entries) throws SQLException {
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE NAME = ?")) {
                delete.setString(1, entry.getKey());
                delete.executeUpdate();
            }
            if (entry.getValue() != null) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (NAME, VAL) VALUES (?, ?)")) {
                    insert.setString(1, entry.getKey());
                    insert.setString(2, entry.getValue());
                    insert.executeUpdate();
                }
            }
        }
    }
}
