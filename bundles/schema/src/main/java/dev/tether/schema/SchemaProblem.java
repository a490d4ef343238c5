package dev.tether.schema;

/**
 * One reason a schema was refused.
 *
 * @param model the model concerned, {@code null} for schema-wide problems
 * @param field the field concerned, {@code null} for model-wide problems
 * @param rule the attribute or rule broken, e.g. {@code type}, {@code control.sync}, {@code value}
 * @param message what is wrong
 */
public record SchemaProblem(String model, String field, String rule, String message) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (model != null) {
            text.append("model '").append(model).append("', ");
        }
        if (field != null) {
            text.append("field '").append(field).append("', ");
        }
        return text.append("rule '").append(rule).append("': ").append(message).toString();
    }
}
