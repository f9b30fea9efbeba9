package io.sessions4j.jdbc;

import java.util.Map;

/** SQLite (3.24 or later, for upserts), for embedded use and tests. */
final class SqliteSql extends EpochMillisSql {

    SqliteSql(TableName table) {
        super(table);
        if (table.schemaOrNull() != null) {
            throw new IllegalArgumentException("schema: SQLite has no schemas; give a table name only");
        }
    }

    @Override
    String upsert() {
        return "INSERT INTO " + table.qualified() + " (" + sid + ", " + sess + ", " + expire
                + ") VALUES (?, ?, ?) ON CONFLICT (" + sid + ") DO UPDATE SET " + sess + " = excluded." + sess + ", "
                + expire + " = excluded." + expire;
    }

    @Override
    String principalType() {
        return "TEXT";
    }

    @Override
    String lockInsert() {
        return "INSERT OR IGNORE INTO " + lockTable.qualified() + " (" + lockColumns() + ") VALUES (?, ?, ?)";
    }

    @Override
    String ddlResource() {
        return "sqlite.sql";
    }

    @Override
    Map<String, String> ddlNames() {
        return Map.of(
                "\"session\"", table.qualified(),
                "\"session_lock\"", lockTable.qualified(),
                "\"IDX_session_expire\"", table.derived("IDX_", "_expire"));
    }
}
