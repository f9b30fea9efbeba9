package io.sessions4j.internal.samples;

import java.util.ArrayList;
import java.util.List;

/** A mutable bean, as applications put them. */
public final class Cart {
    public List<String> items = new ArrayList<>();
    public int total;
}
