package dev.tether.schema;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Date;
import java.util.Optional;

/**
 * Date values: accepted as ISO-8601 text (with an offset, or without one meaning UTC, or a plain
 * date meaning midnight UTC), epoch milliseconds, {@link Date} or {@link TemporalAccessor}; stored
 * as ISO-8601 UTC text with milliseconds ({@code 2025-01-31T12:00:00.000Z}, which sorts as time
 * does) or, with {@code isoDates: false}, as epoch milliseconds.
 */
final class DateValues {

    private static final DateTimeFormatter ISO_UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private DateValues() {
    }

    static Optional<Instant> toInstant(Object value) {
        try {
            if (value instanceof String text) {
                return parse(text.trim());
            }
            if (value instanceof Number number) {
                return JsonValues.normalizeNumber(number)
                        .filter(Long.class::isInstance)
                        .map(millis -> Instant.ofEpochMilli(millis.longValue()));
            }
            if (value instanceof Date date) {
                return Optional.of(date.toInstant());
            }
            if (value instanceof TemporalAccessor temporal) {
                return Optional.of(Instant.from(temporal));
            }
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The stored form of an instant: ISO text, or epoch millis when {@code isoDates} is off. */
    static Object store(Instant instant, boolean isoDates) {
        return isoDates ? ISO_UTC_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS)) : instant.toEpochMilli();
    }

    private static Optional<Instant> parse(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeException withoutOffset) {
            try {
                return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            } catch (DateTimeException withoutTime) {
                return Optional.of(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
        }
    }
}
