package io.sessions4j.internal;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TreeTraversingParser;
import java.io.IOException;

/**
 * Reads a session value's JSON tree, in which every floating-point number is an exact decimal (so that a
 * {@code BigDecimal} keeps its digits and scale, {@code 12.50} included), as Jackson reads JSON text: a
 * {@code BigDecimal} target gets the exact decimal, anything else ({@code double}, {@code Object}) a double.
 */
final class DecimalTreeParser extends TreeTraversingParser {
    DecimalTreeParser(JsonNode node, ObjectCodec codec) {
        super(node, codec);
    }

    private boolean atDecimal() {
        JsonNode n = currentNode();
        return n != null && n.isBigDecimal();
    }

    @Override
    public NumberType getNumberType() throws IOException {
        return atDecimal() ? NumberType.DOUBLE : super.getNumberType();
    }

    @Override
    public NumberTypeFP getNumberTypeFP() throws IOException {
        return atDecimal() ? NumberTypeFP.DOUBLE64 : super.getNumberTypeFP();
    }

    @Override
    public Number getNumberValue() throws IOException {
        return atDecimal() ? getDoubleValue() : super.getNumberValue();
    }
}
