package io.sessions4j.internal.hostile;

/** Records whether {@code HostileGadget} was ever initialized or constructed; tests name it only as a string. */
public final class GadgetProbe {
    public static volatile boolean initialized;
    public static volatile boolean constructed;

    private GadgetProbe() {
    }
}
