package dev.tether.store.derby.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;

import dev.tether.schema.FieldDefinition;

/** How a schema field is stored in a Derby column, and how values cross that boundary. */
enum ColumnType {
    /** Key attributes: bounded so that primary key and outbox index entries fit Derby's pages. */
    KEY_TEXT("VARCHAR(" + ColumnType.KEY_LENGTH + ")", Types.VARCHAR),
    TEXT("VARCHAR(32672)", Types.VARCHAR),
    /** Whole values read back as Long, others as Double, so that JSON round-trips. */
    NUMBER("DOUBLE", Types.DOUBLE),
    BOOLEAN("BOOLEAN", Types.BOOLEAN),
    /** ISO-8601 UTC text with milliseconds: sorts as time does and reads well in ij. */
    ISO_DATE("VARCHAR(40)", Types.VARCHAR),
    EPOCH_DATE("BIGINT", Types.BIGINT),
    /** Objects and arrays as JSON text. */
    JSON("CLOB", Types.CLOB);

    static final int KEY_LENGTH = 1024;
    private static final DateTimeFormatter ISO_UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final double LONG_LIMIT = 9.2e18;
    private static final Gson GSON = new GsonBuilder()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .disableHtmlEscaping()
            .serializeNulls()
            .create();

    private final String sqlType;
    private final int jdbcType;

    ColumnType(String sqlType, int jdbcType) {
        this.sqlType = sqlType;
        this.jdbcType = jdbcType;
    }

    static ColumnType of(FieldDefinition field, boolean keyAttribute, boolean isoDates) {
        if (keyAttribute) {
            return KEY_TEXT;
        }
        return switch (field.type()) {
            case STRING -> TEXT;
            case NUMBER -> NUMBER;
            case BOOLEAN -> BOOLEAN;
            case DATE -> isoDates ? ISO_DATE : EPOCH_DATE;
            case OBJECT, ARRAY -> JSON;
        };
    }

    String sqlType() {
        return sqlType;
    }

    /** Binds a prepared (schema-normalized) value; {@code null} binds SQL NULL. */
    void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, jdbcType);
            return;
        }
        switch (this) {
            case KEY_TEXT, TEXT, ISO_DATE -> statement.setString(index, value.toString());
            case NUMBER -> statement.setDouble(index, ((Number) value).doubleValue());
            case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
            case EPOCH_DATE -> statement.setLong(index, ((Number) value).longValue());
            case JSON -> statement.setString(index, GSON.toJson(value));
        }
    }

    /**
     * Binds a filter operand compared with this column: dates may be given as epoch millis or ISO text,
     * numbers as numbers or numeric text.
     */
    void bindOperand(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (this) {
            case ISO_DATE -> statement.setString(index, value instanceof Number millis
                    ? isoText(Instant.ofEpochMilli(millis.longValue())) : value.toString());
            case NUMBER -> statement.setDouble(index, value instanceof Number number ? number.doubleValue()
                    : parseNumber(value));
            case BOOLEAN -> statement.setBoolean(index, value instanceof Boolean flag ? flag
                    : Boolean.parseBoolean(value.toString()));
            case EPOCH_DATE -> statement.setLong(index, value instanceof Number number ? number.longValue()
                    : Instant.parse(value.toString()).toEpochMilli());
            default -> statement.setString(index, value.toString());
        }
    }

    private static double parseNumber(Object value) {
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number", e);
        }
    }

    /** ISO-8601 UTC text with milliseconds, the form the schema stores dates in. */
    static String isoText(Instant instant) {
        return ISO_UTC_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Reads a column value; {@code null} for SQL NULL. */
    Object read(ResultSet row, int index) throws SQLException {
        Object value = switch (this) {
            case KEY_TEXT, TEXT, ISO_DATE -> row.getString(index);
            case NUMBER -> wholeAsLong(row.getDouble(index));
            case BOOLEAN -> row.getBoolean(index);
            case EPOCH_DATE -> row.getLong(index);
            case JSON -> parseJson(row.getString(index));
        };
        return row.wasNull() ? null : value;
    }

    private static Object wholeAsLong(double value) {
        if (value == Math.rint(value) && Math.abs(value) < LONG_LIMIT) {
            return (long) value;
        }
        return value;
    }

    private static Object parseJson(String json) {
        return json == null ? null : GSON.fromJson(json, Object.class);
    }
}
