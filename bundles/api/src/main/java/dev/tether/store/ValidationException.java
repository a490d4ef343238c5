package dev.tether.store;

import java.util.List;

/** An item breaks the schema. Carries every violation, not only the first. */
public class ValidationException extends StoreException {

    private static final long serialVersionUID = 1L;
    private final List<String> violations;

    public ValidationException(String model, List<String> violations) {
        super("item of model " + model + " is invalid: " + String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
