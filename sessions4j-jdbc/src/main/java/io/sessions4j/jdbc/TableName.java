package io.sessions4j.jdbc;

import java.util.Objects;

/**
 * A table (and optional schema) name, quoted for one SQL dialect. Names are always quoted, with the quote
 * character doubled inside, so any name the application configures is taken literally and can never end
 * the identifier early (connect-pg-simple escapes its names the same way).
 */
final class TableName {
    private final String schema;
    private final String table;
    private final char quote;

    TableName(String schema, String table, char quote) {
        this.schema = schema == null || schema.isEmpty() ? null : checked("schema", schema);
        this.table = checked("table", Objects.requireNonNull(table, "table"));
        this.quote = quote;
    }

    private static String checked(String what, String name) {
        if (name.isBlank() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + ": must be a non-blank name without NUL characters");
        }
        return name;
    }

    String table() {
        return table;
    }

    /** The qualified, quoted name: {@code "schema"."table"} or {@code "table"}. */
    String qualified() {
        return schema == null ? quote(table) : quote(schema) + "." + quote(table);
    }

    /** An index or constraint name derived from the table's, quoted (and schema-qualified where the dialect needs it). */
    String derived(String prefix, String suffix) {
        return quote(prefix + table + suffix);
    }

    String quote(String identifier) {
        String q = String.valueOf(quote);
        return q + identifier.replace(q, q + q) + q;
    }

    /** A string literal, for the few places (catalog look-ups) that take a name as a value. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** The table of the same schema whose name is this one's plus {@code suffix}. */
    TableName withSuffix(String suffix) {
        return new TableName(schema, table + suffix, quote);
    }

    String schemaOrNull() {
        return schema;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
