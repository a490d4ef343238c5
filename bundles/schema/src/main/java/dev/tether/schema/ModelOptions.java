package dev.tether.schema;

/** Settings of a model that come from the schema's params and control rather than from its fields. */
record ModelOptions(boolean isoDates, boolean nulls, UnknownFields unknownFields, ConflictPolicy conflictPolicy,
        boolean builtIn) {
}
