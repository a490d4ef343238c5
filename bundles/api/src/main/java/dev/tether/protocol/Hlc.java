package dev.tether.protocol;

/**
 * A hybrid logical clock timestamp: wall-clock milliseconds plus a logical counter. Its string form
 * ({@code 000001732612345678-00003}) sorts like the timestamp itself.
 */
public record Hlc(long physicalMillis, int logical) implements Comparable<Hlc> {

    private static final int PHYSICAL_DIGITS = 18;
    private static final int LOGICAL_DIGITS = 5;

    public Hlc {
        if (physicalMillis < 0 || logical < 0) {
            throw new IllegalArgumentException("HLC parts must not be negative: " + physicalMillis + ", " + logical);
        }
    }

    public static Hlc parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("HLC is missing");
        }
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            throw new IllegalArgumentException("not an HLC timestamp: '" + text + "'");
        }
        try {
            return new Hlc(Long.parseLong(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an HLC timestamp: '" + text + "'", e);
        }
    }

    @Override
    public int compareTo(Hlc other) {
        int byPhysical = Long.compare(physicalMillis, other.physicalMillis);
        return byPhysical != 0 ? byPhysical : Integer.compare(logical, other.logical);
    }

    @Override
    public String toString() {
        return String.format("%0" + PHYSICAL_DIGITS + "d-%0" + LOGICAL_DIGITS + "d", physicalMillis, logical);
    }
}
