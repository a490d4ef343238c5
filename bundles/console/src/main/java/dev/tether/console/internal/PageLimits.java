package dev.tether.console.internal;

/** The page size of a listing: the requested {@code limit}, the configured default, capped at the configured maximum. */
record PageLimits(int defaultSize, int maxSize) {

    /** @throws IllegalArgumentException if the requested limit is not a positive whole number */
    int limit(String requested) {
        if (requested == null || requested.isBlank()) {
            return Math.min(defaultSize, maxSize);
        }
        int limit;
        try {
            limit = Integer.parseInt(requested.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number, not '" + requested + "'");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return Math.min(limit, maxSize);
    }

    /** The offset given as {@code after} for listings that page by position (conflicts, dead letters). */
    static int offset(String after) {
        if (after == null || after.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(after.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("after must be a whole number here, not '" + after + "'");
        }
    }
}
