package dev.tether.cloud.store.jdbc;

import java.util.Optional;

import dev.tether.protocol.Change;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.Op;

/**
 * What the store can hold, checked before anything is written, so that a change the store could
 * never take is answered with a reason instead of failing the whole batch's transaction.
 */
final class ChangeLimits {

    Optional<String> checkWriter(String origin, String scope) {
        if (origin == null || origin.isBlank()) {
            return Optional.of("the origin (device id) is missing");
        }
        if (origin.length() > StoreSchema.MAX_ORIGIN_LENGTH) {
            return Optional.of("the origin '" + abbreviate(origin) + "' is longer than " + StoreSchema.MAX_ORIGIN_LENGTH + " characters");
        }
        if (scope == null || scope.isBlank()) {
            return Optional.of("the scope is missing");
        }
        if (scope.length() > StoreSchema.MAX_SCOPE_LENGTH) {
            return Optional.of("the scope '" + abbreviate(scope) + "' is longer than " + StoreSchema.MAX_SCOPE_LENGTH + " characters");
        }
        return Optional.empty();
    }

    Optional<String> checkChange(Change change) {
        if (change == null) {
            return Optional.of("the change is missing");
        }
        if (change.model() == null || change.model().isBlank()) {
            return Optional.of("'model' is missing");
        }
        if (change.model().length() > StoreSchema.MAX_MODEL_LENGTH) {
            return Optional.of("'model' is longer than " + StoreSchema.MAX_MODEL_LENGTH + " characters");
        }
        if (change.key() == null) {
            return Optional.of("'key' is missing");
        }
        if (change.key().pk().length() > StoreSchema.MAX_KEY_PART_LENGTH) {
            return Optional.of("'key.pk' is longer than " + StoreSchema.MAX_KEY_PART_LENGTH + " characters");
        }
        if (change.key().sk() != null && change.key().sk().length() > StoreSchema.MAX_KEY_PART_LENGTH) {
            return Optional.of("'key.sk' is longer than " + StoreSchema.MAX_KEY_PART_LENGTH + " characters");
        }
        if (change.op() == null) {
            return Optional.of("'op' is missing");
        }
        if (change.op() == Op.PUT && change.item() == null) {
            return Optional.of("a put needs an 'item'");
        }
        try {
            Hlc.parse(change.hlc());
        } catch (IllegalArgumentException e) {
            return Optional.of("'hlc': " + e.getMessage());
        }
        return Optional.empty();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
