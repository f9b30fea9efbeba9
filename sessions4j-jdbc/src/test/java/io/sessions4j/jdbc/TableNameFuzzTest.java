package io.sessions4j.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sessions4j.SessionStoreException;
import io.sessions4j.spi.StoredSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing (Jazzer) of table and schema names: whatever name an application configures, every
 * statement the store runs names exactly that table, quoted, in every dialect (a name can never end its
 * identifier early or split a DDL statement), and on a real database (H2, in memory) the store works on its
 * own table and leaves a neighbour table alone, or refuses the name with a clear error.
 */
class TableNameFuzzTest {
    private static final Instant LATER = Instant.now().plusSeconds(3600);
    private static JdbcDataSource h2;
    private static Connection keepAlive;

    @BeforeAll
    static void openDatabase() throws SQLException {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:table-name-fuzz;DB_CLOSE_DELAY=-1");
        keepAlive = h2.getConnection();
        try (Statement st = keepAlive.createStatement()) {
            st.execute("CREATE TABLE \"neighbour\" (\"sid\" VARCHAR(64) PRIMARY KEY, \"sess\" VARCHAR(64), "
                    + "\"expire\" BIGINT)");
            st.execute("INSERT INTO \"neighbour\" VALUES ('kept', '{}', 9000000000000)");
        }
    }

    @AfterAll
    static void closeDatabase() throws SQLException {
        keepAlive.close();
    }

    @FuzzTest(maxExecutions = 1_000)
    // No entry with a newline: Jazzer writes the dictionary file with newlines unescaped, which libFuzzer refuses.
    @DictionaryEntries({";", "\"", "`", "'", "--", "/*", "DROP TABLE ", "\"neighbour\"", "\u0000"})
    void anyTableNameIsTakenLiterallyEverywhere(FuzzedDataProvider data) throws SQLException {
        String schema = data.consumeBoolean() ? data.consumeString(30) : null;
        String table = data.consumeString(60);
        for (JdbcDialect dialect : JdbcDialect.values()) {
            DialectSql sql;
            try {
                sql = dialect.sql(schema, table, null, false);
            } catch (IllegalArgumentException refused) {
                assertTrue(refused.getMessage().startsWith("schema:") || refused.getMessage().startsWith("table:"),
                        refused.getMessage());
                return;
            }
            char quote = dialect == JdbcDialect.MARIADB ? '`' : '"';
            List<String> statements = new ArrayList<>(sql.ddl());
            statements.addAll(List.of(sql.get(), sql.upsert(), sql.replace(false), sql.replace(true), sql.deleteIfUnchanged(true), sql.touch(),
                    sql.destroy(), sql.count(), sql.clear(), sql.idPage(true, 10), sql.probe(sql.table),
                    sql.probe(sql.lockTable), sql.lockInsert(), sql.lockTakeOver(), sql.lockRelease(),
                    sql.lockPrune()));
            for (String statement : statements) {
                List<String> identifiers = identifiers(statement, quote);
                assertTrue(identifiers.contains(table) || identifiers.contains(table + "_lock"),
                        () -> "the table name in " + statement);
                if (schema != null && !schema.isEmpty()) {
                    assertTrue(identifiers.contains(schema), () -> "the schema name in " + statement);
                }
            }
            assertEquals(dialect.sql(null, dialect.defaultTable(), null, false).ddl().size(), sql.ddl().size(),
                    "as many DDL statements as for the default name");
        }
        onH2(schema, table, data.consumeString(40));
    }

    /** The quoted identifiers of a statement, unquoted; fails on a quote left open. */
    private static List<String> identifiers(String statement, char quote) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < statement.length()) {
            char c = statement.charAt(i);
            if (c == '\'') {
                int end = statement.indexOf('\'', i + 1);
                if (end < 0) {
                    fail("string literal left open in " + statement);
                }
                i = end + 1;
            } else if (c == quote) {
                StringBuilder name = new StringBuilder();
                i++;
                while (true) {
                    if (i >= statement.length()) {
                        fail("identifier left open in " + statement);
                    }
                    char d = statement.charAt(i);
                    if (d == quote && i + 1 < statement.length() && statement.charAt(i + 1) == quote) {
                        name.append(quote);
                        i += 2;
                    } else if (d == quote) {
                        i++;
                        break;
                    } else {
                        name.append(d);
                        i++;
                    }
                }
                names.add(name.toString());
            } else {
                i++;
            }
        }
        return names;
    }

    /** The store on a real database under this name: works on its own table only, or refuses the name. */
    private static void onH2(String schema, String table, String id) throws SQLException {
        if (schema != null && !schema.isEmpty()) {
            try (Statement st = keepAlive.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema.replace("\"", "\"\"") + "\"");
            } catch (SQLException h2RefusesTheName) {
                return;
            }
        }
        JdbcStore store;
        try {
            store = JdbcStore.builder(h2).dialect(JdbcDialect.H2).schema(schema).table(table)
                    .createTableIfMissing(true).pruneInterval(java.time.Duration.ZERO).build();
        } catch (SessionStoreException h2RefusesTheName) {
            assertEquals("createTable", h2RefusesTheName.operation());
            return;
        }
        try {
            store.set(id, new StoredSession("{\"cookie\":{}}", LATER));
            assertEquals("{\"cookie\":{}}", store.get(id).orElseThrow().json());
            assertTrue(store.replace(id, "{\"cookie\":{}}", new StoredSession("{}", LATER)));
            assertEquals(List.of(id), store.ids().collect(Collectors.toList()));
            assertEquals(1, store.length());
            store.clear();
            assertEquals(0, store.length());
            assertEquals(1, neighbourRows(), "the neighbour table is untouched");
        } finally {
            try (Statement st = keepAlive.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + new TableName(schema, table, '"').qualified());
            }
            store.close();
        }
    }

    private static int neighbourRows() throws SQLException {
        try (Statement st = keepAlive.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM \"neighbour\"")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
