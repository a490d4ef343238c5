package dev.tether.schema;

import java.util.List;
import java.util.stream.Collectors;

/** A schema was refused. Carries every problem found, each naming its model, field and rule. */
public class SchemaException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final List<SchemaProblem> problems;

    public SchemaException(List<SchemaProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public SchemaException(SchemaProblem problem, Throwable cause) {
        super(describe(List.of(problem)), cause);
        this.problems = List.of(problem);
    }

    public List<SchemaProblem> problems() {
        return problems;
    }

    private static String describe(List<SchemaProblem> problems) {
        return "invalid schema: " + problems.stream().map(SchemaProblem::toString).collect(Collectors.joining("; "));
    }
}
