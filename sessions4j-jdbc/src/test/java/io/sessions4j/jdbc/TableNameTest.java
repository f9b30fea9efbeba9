package io.sessions4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Names that look like SQL stay names: the regression cases behind {@link TableNameFuzzTest}. */
class TableNameTest {

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void aNameHoldingAStatementEndStaysInsideItsDdlStatement(JdbcDialect dialect) {
        String table = "t;\nDROP TABLE \"neighbour\";\n-- `";
        int statements = dialect.sql(null, dialect.defaultTable(), null, false).ddl().size();

        assertThat(dialect.sql(null, table, null, false).ddl()).hasSize(statements)
                .allSatisfy(ddl -> assertThat(ddl).doesNotStartWith("DROP"));
    }
}
