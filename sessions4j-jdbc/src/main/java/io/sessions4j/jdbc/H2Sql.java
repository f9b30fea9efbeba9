package io.sessions4j.jdbc;

import java.util.Map;

/** H2 (2.x), for embedded use and tests. */
final class H2Sql extends EpochMillisSql {

    H2Sql(TableName table) {
        super(table);
    }

    @Override
    String upsert() {
        return "MERGE INTO " + table.qualified() + " (" + sid + ", " + sess + ", " + expire + ") KEY (" + sid
                + ") VALUES (?, ?, ?)";
    }

    /** H2 has no {@code DELETE … RETURNING}; its data change delta table returns the deleted rows the same way. */
    @Override
    String returning(String delete) {
        return "SELECT " + sid + ", " + jsonColumn() + ", " + expiryColumn() + " FROM OLD TABLE (" + delete + ")";
    }

    /** A catalog look-up rather than the probe: a query that fails on a missing table is an error to look at. */
    @Override
    String existsQuery() {
        return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = COALESCE(?, CURRENT_SCHEMA)"
                + " AND TABLE_NAME = ?";
    }

    @Override
    String principalExistsQuery() {
        return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = COALESCE(?, CURRENT_SCHEMA)"
                + " AND TABLE_NAME = ? AND COLUMN_NAME = 'principal'";
    }

    @Override
    String ddlResource() {
        return "h2.sql";
    }

    @Override
    Map<String, String> ddlNames() {
        // H2 index names live in a schema: qualify the index like the table.
        String index = table.derived("IDX_", "_expire");
        String schema = table.schemaOrNull();
        return Map.of(
                "\"session\"", table.qualified(),
                "\"session_lock\"", lockTable.qualified(),
                "\"IDX_session_expire\"", schema == null ? index : table.quote(schema) + "." + index);
    }
}
